package dev.maestro.server;

import dev.maestro.core.DatabaseException;
import dev.maestro.core.db.UsageLog;
import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Runs made through the API, their events and their feedback (tables {@code api_runs}, {@code api_run_events},
 * {@code api_feedback}), each with its model calls' tokens and cost from {@code model_usage}.
 */
final class Runs {

    private static final String COLUMNS = "id, conversation_id, kind, question, status, answer, agent, model, route, pending_agent, "
            + "input_tokens, output_tokens, latency_ms, first_token_ms, error, created_at, finished_at, prompt";

    private final DataSource dataSource;
    private final UsageLog usage;

    Runs(DataSource dataSource) {
        this.dataSource = dataSource;
        this.usage = new UsageLog(dataSource);
    }

    enum Status { RUNNING, OK, INTERRUPTED, FAILED, CANCELLED;
        String sql() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Run(String id, String conversationId, String kind, String question, String status, String answer, String agent,
               String model, String route, String pendingAgent, Integer inputTokens, Integer outputTokens, Long latencyMs,
               Long firstTokenMs, String error, String createdAt, String finishedAt, String prompt, Double costUsd, boolean costUnknown,
               List<RunUsage.Agent> byAgent, List<RunUsage.Call> calls) {

        /**
         * With its model calls: the cost (none yet while running: the calls are stored when the run ends), and the
         * calls' tokens when the run stored none (it failed).
         */
        Run with(RunUsage u) {
            boolean running = Status.RUNNING.sql().equals(status);
            boolean fill = inputTokens == null && !u.calls().isEmpty();
            return new Run(id, conversationId, kind, question, status, answer, agent, model, route, pendingAgent,
                    fill ? Integer.valueOf((int) u.inputTokens()) : inputTokens, fill ? Integer.valueOf((int) u.outputTokens()) : outputTokens,
                    latencyMs, firstTokenMs, error, createdAt, finishedAt, prompt, running ? null : u.costUsd(), u.costUnknown(), u.byAgent(), u.calls());
        }
    }

    record Event(int seq, String type, String node, String at, Map<String, Object> data) {
    }

    void start(UUID runId, Principal who, UUID conversation, String kind, String question) {
        String sql = "insert into api_runs (id, tenant_id, conversation_id, kind, question, status) values (?, ?, ?, ?, ?, 'running')";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, runId);
            st.setString(2, who.tenant());
            st.setObject(3, conversation);
            st.setString(4, kind);
            st.setString(5, question);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("Recording run " + runId + " in table api_runs failed: " + e.getMessage(), e);
        }
    }

    /** Records the outcome and the events in one transaction. */
    void finish(UUID runId, Status status, RunResult result, Long firstTokenMs, long latencyMs, String error, List<RunEvent> events) {
        String update = "update api_runs set status = ?, answer = ?, agent = ?, model = ?, route = ?, pending_agent = ?, input_tokens = ?, "
                + "output_tokens = ?, latency_ms = ?, first_token_ms = ?, error = ?, prompt = ?, finished_at = now() where id = ?";
        String insert = "insert into api_run_events (run_id, seq, type, node, at, data) values (?, ?, ?, ?, ?, ?::jsonb)";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement(update); PreparedStatement ev = c.prepareStatement(insert);
                 java.sql.Statement local = c.createStatement()) {
                // A run log may lose its last rows in a database crash; not waiting for the WAL flush keeps
                // commits off the streaming path.
                local.execute("set local synchronous_commit to off");
                st.setString(1, status.sql());
                st.setString(2, result == null ? null : result.answer());
                st.setString(3, result == null ? null : result.agent());
                st.setString(4, result == null ? null : result.model());
                st.setString(5, result == null ? null : result.route());
                st.setString(6, result == null ? null : result.pendingAgent());
                setInt(st, 7, result == null ? null : result.inputTokens());
                setInt(st, 8, result == null ? null : result.outputTokens());
                st.setLong(9, latencyMs);
                if (firstTokenMs == null) {
                    st.setNull(10, Types.BIGINT);
                } else {
                    st.setLong(10, firstTokenMs);
                }
                st.setString(11, error);
                st.setString(12, result == null || result.prompts().isEmpty() ? null : String.join(",", result.prompts()));
                st.setObject(13, runId);
                st.executeUpdate();
                int seq = 0;
                for (RunEvent e : events) {
                    ev.setObject(1, runId);
                    ev.setInt(2, seq++);
                    ev.setString(3, e.type().name().toLowerCase(Locale.ROOT));
                    ev.setString(4, e.node());
                    ev.setTimestamp(5, Timestamp.from(Instant.ofEpochMilli(e.atMs())));
                    ev.setString(6, Json.write(e.data()));
                    ev.addBatch();
                }
                ev.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Recording the outcome of run " + runId + " in table api_runs failed: " + e.getMessage(), e);
        }
    }

    List<Run> list(Principal who, UUID conversation, int limit) {
        return withUsage(rows(who, conversation, limit)); // after the connection is back: the usage read takes one
    }

    private List<Run> rows(Principal who, UUID conversation, int limit) {
        String sql = "select " + COLUMNS + " from api_runs where tenant_id = ?" + (conversation == null ? "" : " and conversation_id = ?")
                + " order by created_at desc, id limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            int i = 1;
            st.setString(i++, who.tenant());
            if (conversation != null) {
                st.setObject(i++, conversation);
            }
            st.setInt(i, limit);
            List<Run> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(run(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new DatabaseException("Listing runs of tenant " + who.tenant() + " failed: " + e.getMessage(), e);
        }
    }

    /** The tenant's run; 404 when it is malformed, missing or another tenant's. */
    Run require(Principal who, String id) {
        return withUsage(List.of(row(who, id))).getFirst();
    }

    private Run row(Principal who, String id) {
        UUID uuid = Conversations.uuid(id, "Run");
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select " + COLUMNS + " from api_runs where id = ? and tenant_id = ?")) {
            st.setObject(1, uuid);
            st.setString(2, who.tenant());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.notFound("Run " + id);
                }
                return run(rs);
            }
        } catch (SQLException e) {
            throw new DatabaseException("Reading run " + id + " failed: " + e.getMessage(), e);
        }
    }

    List<Event> events(Principal who, String id) {
        Run run = row(who, id);
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select seq, type, node, at, data::text from api_run_events where run_id = ? order by seq")) {
            st.setObject(1, UUID.fromString(run.id()));
            List<Event> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> data = Json.STRICT.readValue(rs.getString(5), LinkedHashMap.class);
                    out.add(new Event(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant().toString(), data));
                }
            }
            return out;
        } catch (SQLException | java.io.IOException e) {
            throw new DatabaseException("Reading the events of run " + id + " failed: " + e.getMessage(), e);
        }
    }

    void feedback(Principal who, String runId, int rating, String comment) {
        Run run = row(who, runId);
        String sql = "insert into api_feedback (run_id, tenant_id, rating, comment) values (?, ?, ?, ?) "
                + "on conflict (run_id) do update set rating = excluded.rating, comment = excluded.comment, created_at = now()";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, UUID.fromString(run.id()));
            st.setString(2, who.tenant());
            st.setShort(3, (short) rating);
            st.setString(4, comment);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("Recording feedback on run " + runId + " in table api_feedback failed: " + e.getMessage(), e);
        }
    }

    /** Deletes events older than {@code retention}; returns how many. */
    int prune(Duration retention) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("delete from api_run_events where at < now() - make_interval(secs => ?)")) {
            st.setDouble(1, retention.toSeconds());
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("Deleting old run events from table api_run_events failed: " + e.getMessage(), e);
        }
    }

    private List<Run> withUsage(List<Run> rows) {
        Map<UUID, List<UsageLog.Call>> calls = usage.ofRuns(rows.stream().map(r -> UUID.fromString(r.id())).toList());
        return rows.stream().map(r -> r.with(RunUsage.of(calls.getOrDefault(UUID.fromString(r.id()), List.of())))).toList();
    }

    private static Run run(ResultSet rs) throws SQLException {
        return new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), (Integer) rs.getObject(11),
                (Integer) rs.getObject(12), (Long) rs.getObject(13), (Long) rs.getObject(14), rs.getString(15),
                rs.getTimestamp(16).toInstant().toString(),
                rs.getTimestamp(17) == null ? null : rs.getTimestamp(17).toInstant().toString(), rs.getString(18), null, false,
                List.of(), List.of());
    }

    private static void setInt(PreparedStatement st, int index, Integer value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.INTEGER);
        } else {
            st.setInt(index, value);
        }
    }
}
