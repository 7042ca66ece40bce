package dev.maestro.core.db;

import dev.maestro.core.Ensure;
import dev.maestro.core.usage.Budgets;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code model_usage} table: one row per model call with its tokens and cost, read back as a tenant's use today
 * (for budgets) and as reports by tenant, agent and model.
 *
 * @since 0.1
 */
public final class UsageLog {

    /** One model call; {@code run} null outside a server's run, {@code cost} null when the model has no price. */
    public record Call(String tenant, UUID conversation, UUID run, String agent, String model, int inputTokens, int outputTokens,
                       BigDecimal cost) {
    }

    /** One line of a report; {@code cost} is the priced calls' sum, {@code unpriced} the calls without a price. */
    public record Line(String tenant, String agent, String model, long calls, long inputTokens, long outputTokens, BigDecimal cost,
                       long unpriced) {
    }

    private final DataSource dataSource;
    private final java.time.Clock clock;

    public UsageLog(DataSource dataSource) {
        this(dataSource, java.time.Clock.systemUTC());
    }

    /** @param clock what the rows are timestamped with: the clock the budgets count days by */
    public UsageLog(DataSource dataSource, java.time.Clock clock) {
        this.dataSource = Ensure.notNull(dataSource, "dataSource");
        this.clock = Ensure.notNull(clock, "clock");
    }

    public void record(List<Call> calls) {
        if (calls.isEmpty()) {
            return;
        }
        String sql = "insert into model_usage (tenant_id, conversation_id, run_id, agent, model, input_tokens, output_tokens, cost_usd,"
                + " created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (Call call : calls) {
                st.setString(1, call.tenant());
                st.setObject(2, call.conversation());
                st.setObject(3, call.run());
                st.setString(4, call.agent());
                st.setString(5, call.model());
                st.setInt(6, call.inputTokens());
                st.setInt(7, call.outputTokens());
                if (call.cost() == null) {
                    st.setNull(8, Types.NUMERIC);
                } else {
                    st.setBigDecimal(8, call.cost());
                }
                st.setTimestamp(9, now);
                st.addBatch();
            }
            st.executeBatch();
        } catch (SQLException | RuntimeException e) {
            throw SqlErrors.translate(e, null, "recording model usage in table model_usage");
        }
    }

    /** The calls of these runs in the order they were stored, by run; a run without calls is not in the map. */
    public java.util.Map<UUID, List<Call>> ofRuns(java.util.Collection<UUID> runs) {
        java.util.Map<UUID, List<Call>> out = new java.util.LinkedHashMap<>();
        if (runs.isEmpty()) {
            return out;
        }
        String sql = "select tenant_id, conversation_id, run_id, agent, model, input_tokens, output_tokens, cost_usd from model_usage"
                + " where run_id = any(?) order by id";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setArray(1, c.createArrayOf("uuid", runs.toArray(new UUID[0])));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Call call = new Call(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4),
                            rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getBigDecimal(8));
                    out.computeIfAbsent(call.run(), k -> new ArrayList<>()).add(call);
                }
            }
        } catch (SQLException | RuntimeException e) {
            throw SqlErrors.translate(e, null, "reading the model calls of runs from table model_usage");
        }
        return out;
    }

    /** What {@code tenant} used since {@code since}: tokens in and out, and the cost of the priced calls. */
    public Budgets.Used usedSince(String tenant, Instant since) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select coalesce(sum(input_tokens + output_tokens), 0), coalesce(sum(cost_usd), 0) from model_usage"
                        + " where tenant_id = ? and created_at >= ?")) {
            st.setString(1, tenant);
            st.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Budgets.Used(rs.getLong(1), rs.getBigDecimal(2));
            }
        } catch (SQLException | RuntimeException e) {
            throw SqlErrors.translate(e, null, "reading the model usage of tenant " + tenant);
        }
    }

    /** Usage since {@code since} by tenant, agent and model ({@code tenant} alone when not null), most tokens first. */
    public List<Line> report(String tenant, Instant since) {
        String sql = "select tenant_id, agent, model, count(*), sum(input_tokens), sum(output_tokens), coalesce(sum(cost_usd), 0),"
                + " count(*) filter (where cost_usd is null) from model_usage where created_at >= ?"
                + (tenant == null ? "" : " and tenant_id = ?")
                + " group by tenant_id, agent, model order by sum(input_tokens + output_tokens) desc, tenant_id, agent, model";
        List<Line> lines = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setTimestamp(1, Timestamp.from(since));
            if (tenant != null) {
                st.setString(2, tenant);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    lines.add(new Line(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                            rs.getBigDecimal(7), rs.getLong(8)));
                }
            }
        } catch (SQLException | RuntimeException e) {
            throw SqlErrors.translate(e, null, "reading table model_usage");
        }
        return lines;
    }
}
