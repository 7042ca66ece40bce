package dev.maestro.memory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for conversations, their messages and their summaries. */
final class ConversationDao {

    private static final String MESSAGE_COLUMNS =
            "id, conversation_id, role, content, coalesce(token_count, 0), created_at, metadata::text, hidden_at is not null, payload";

    private ConversationDao() {
    }

    static Optional<Scope> scopeOf(Connection c, UUID conversationId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select tenant_id, user_id from conversations where id = ?")) {
            st.setObject(1, conversationId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Scope(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Checks ownership without creating anything: an unknown conversation is empty, another user's is an error. */
    static boolean owned(Connection c, Scope scope, UUID conversationId) throws SQLException {
        Optional<Scope> owner = scopeOf(c, conversationId);
        if (owner.isPresent() && !owner.get().equals(scope)) {
            throw new MemoryException("Conversation " + conversationId + " belongs to another user; " + scope
                    + " may not read or write it");
        }
        return owner.isPresent();
    }

    /** A message to store, with the background jobs it needs. */
    record NewMessage(String role, String content, int tokens, Instant at, String metadataJson, String payload,
                      List<JobQueue.Kind> jobs) {
    }

    /**
     * Stores messages of a conversation in one statement, so a turn costs one round trip and commits as a whole: creates
     * the conversation for {@code scope} unless it exists, inserts the messages with their jobs, and enqueues a summary
     * when {@code summaryAtTokens} is not null and the unsummarised tokens (these messages included) reach it. Without
     * {@code waitForDisk} the commit does not wait for the write-ahead log to reach the disk (when it runs on its own
     * in auto-commit, as here: {@code set_config} is local to the statement's transaction).
     *
     * @return the new message ids in order, or an empty list (and nothing written) when the conversation belongs to
     * another tenant or user
     */
    static List<Long> insertMessages(Connection c, Scope scope, UUID conversationId, List<NewMessage> messages, Instant jobsAt,
                                     Long summaryAtTokens, boolean waitForDisk) throws SQLException {
        String sql = """
                with created as (insert into conversations (id, tenant_id, user_id) values (?, ?, ?)
                                 on conflict (id) do nothing returning tenant_id, user_id),
                     owned as (select 1 from (select tenant_id, user_id from created
                                             union all select tenant_id, user_id from conversations where id = ?) o
                               where o.tenant_id = ? and o.user_id = ? limit 1),
                     input as (select * from unnest(?::text[], ?::text[], ?::int[], ?::timestamptz[], ?::text[], ?::text[])
                                        with ordinality as t(role, content, tokens, at, metadata, payload, ord)),
                     m as (insert into messages (conversation_id, role, content, token_count, created_at, metadata, payload)
                           select ?, role, content, tokens, at, metadata::jsonb, payload from input
                           where exists (select 1 from owned) order by ord
                           returning id),
                     numbered as (select id, row_number() over (order by id) as ord from m),
                     jobs as (insert into memory_jobs (kind, conversation_id, message_id, run_after, created_at)
                              select k.kind, ?, numbered.id, ?, ? from numbered
                              join unnest(?::int[], ?::text[]) as k(ord, kind) on k.ord = numbered.ord),
                     summary as (insert into memory_jobs (kind, conversation_id, message_id, run_after, created_at)
                                 select 'summarize', ?, null, ?, ? where exists (select 1 from owned) and ?::bigint is not null
                                   and (select coalesce(sum(token_count), 0) from messages where conversation_id = ? and id >
                                        (select coalesce(max(to_message_id), 0) from memory_summaries where conversation_id = ?))
                                       + (select coalesce(sum(tokens), 0) from input) >= ?::bigint
                                 on conflict do nothing),
                     durability as (select set_config('synchronous_commit', ?, true))
                select id from m, durability order by id""";
        int n = messages.size();
        Object[] roles = new Object[n];
        Object[] contents = new Object[n];
        Object[] tokens = new Object[n];
        Object[] ats = new Object[n];
        Object[] metadata = new Object[n];
        Object[] payloads = new Object[n];
        List<Object> jobOrd = new ArrayList<>();
        List<Object> jobKind = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NewMessage m = messages.get(i);
            roles[i] = m.role();
            contents[i] = m.content();
            tokens[i] = m.tokens();
            ats[i] = Jdbc.ts(m.at());
            metadata[i] = m.metadataJson();
            payloads[i] = m.payload();
            for (JobQueue.Kind kind : m.jobs()) {
                jobOrd.add(i + 1);
                jobKind.add(kind.sql());
            }
        }
        try (PreparedStatement st = c.prepareStatement(sql)) {
            int p = 0;
            st.setObject(++p, conversationId);
            st.setString(++p, scope.tenantId());
            st.setString(++p, scope.userId());
            st.setObject(++p, conversationId);
            st.setString(++p, scope.tenantId());
            st.setString(++p, scope.userId());
            st.setArray(++p, c.createArrayOf("text", roles));
            st.setArray(++p, c.createArrayOf("text", contents));
            st.setArray(++p, c.createArrayOf("int4", tokens));
            st.setArray(++p, c.createArrayOf("timestamptz", ats));
            st.setArray(++p, c.createArrayOf("text", metadata));
            st.setArray(++p, c.createArrayOf("text", payloads));
            st.setObject(++p, conversationId);
            st.setObject(++p, conversationId);
            st.setTimestamp(++p, Jdbc.ts(jobsAt));
            st.setTimestamp(++p, Jdbc.ts(jobsAt));
            st.setArray(++p, c.createArrayOf("int4", jobOrd.toArray()));
            st.setArray(++p, c.createArrayOf("text", jobKind.toArray()));
            st.setObject(++p, conversationId);
            st.setTimestamp(++p, Jdbc.ts(jobsAt));
            st.setTimestamp(++p, Jdbc.ts(jobsAt));
            st.setObject(++p, summaryAtTokens, java.sql.Types.BIGINT);
            st.setObject(++p, conversationId);
            st.setObject(++p, conversationId);
            st.setObject(++p, summaryAtTokens, java.sql.Types.BIGINT);
            st.setString(++p, waitForDisk ? "on" : "off");
            List<Long> ids = new ArrayList<>(n);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    /** Messages with id greater than {@code afterId}, oldest first; hidden ones only when asked. */
    static List<StoredMessage> messages(Connection c, UUID conversationId, long afterId, boolean includeHidden) throws SQLException {
        String sql = "select " + MESSAGE_COLUMNS + " from messages where conversation_id = ? and id > ?"
                + (includeHidden ? "" : " and hidden_at is null") + " order by id";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, conversationId);
            st.setLong(2, afterId);
            return readMessages(st);
        }
    }

    /** A conversation's latest summary (or null) and the newest messages after it that fit in a token budget. */
    record Recent(Summary summary, List<StoredMessage> messages) {
        static final Recent NONE = new Recent(null, List.of());
    }

    /**
     * The owner, the latest summary, and the newest messages after the summary, oldest first: enough to fill
     * {@code maxTokens} (by stored token counts) and one more, but never more than {@code maxMessages}, so a window of
     * at most {@code maxTokens} can be cut from them without reading the whole history. Three statements sent
     * together: one round trip, and one snapshot (they run in one transaction).
     *
     * @return {@link Recent#NONE} when the conversation does not exist
     * @throws MemoryException when it belongs to another tenant or user
     */
    static Recent recent(Connection c, Scope scope, UUID conversationId, int maxTokens, int maxMessages) throws SQLException {
        String sql = "select tenant_id, user_id from conversations where id = ?;\n"
                + "select " + SUMMARY_COLUMNS + " from memory_summaries where conversation_id = ? order by to_message_id desc limit 1;\n"
                + "select " + MESSAGE_COLUMNS + " from (select m.*, sum(coalesce(m.token_count, 0)) over (order by m.id desc"
                + " rows unbounded preceding) - coalesce(m.token_count, 0) as newer_tokens from (select * from messages"
                + " where conversation_id = ? and id > (select coalesce(max(to_message_id), 0) from memory_summaries"
                + " where conversation_id = ?) order by id desc limit ?) m) recent where newer_tokens <= ? order by id";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, conversationId);
            st.setObject(2, conversationId);
            st.setObject(3, conversationId);
            st.setObject(4, conversationId);
            st.setInt(5, maxMessages);
            st.setInt(6, maxTokens);
            st.execute();
            Scope owner;
            try (ResultSet rs = st.getResultSet()) {
                owner = rs.next() ? new Scope(rs.getString(1), rs.getString(2)) : null;
            }
            if (owner == null) {
                return Recent.NONE;
            }
            if (!owner.equals(scope)) {
                throw new MemoryException("Conversation " + conversationId + " belongs to another user; " + scope
                        + " may not read or write it");
            }
            Summary summary = null;
            if (st.getMoreResults()) {
                try (ResultSet rs = st.getResultSet()) {
                    summary = rs.next() ? summary(rs) : null;
                }
            }
            if (!st.getMoreResults()) {
                throw new SQLException("Expected the window's messages after the summary");
            }
            try (ResultSet rs = st.getResultSet()) {
                return new Recent(summary, messages(rs));
            }
        }
    }

    /** The message and the one before it in its conversation (null when it is the first), or empty when it is gone. */
    static List<StoredMessage> withPrevious(Connection c, long messageId) throws SQLException {
        String sql = "select " + MESSAGE_COLUMNS + " from messages m where m.id = ?"
                + " union all (select " + MESSAGE_COLUMNS + " from messages p where p.conversation_id ="
                + " (select conversation_id from messages where id = ?) and p.id < ? order by p.id desc limit 1)";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, messageId);
            st.setLong(2, messageId);
            st.setLong(3, messageId);
            return readMessages(st);
        }
    }

    static int hide(Connection c, List<Long> ids, Instant at) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("update messages set hidden_at = ? where id = any(?) and hidden_at is null")) {
            st.setTimestamp(1, Jdbc.ts(at));
            st.setArray(2, c.createArrayOf("bigint", ids.toArray()));
            return st.executeUpdate();
        }
    }

    /** Hard-deletes the messages and summaries of a conversation (and, by cascade, its pending jobs). */
    static int deleteMessages(Connection c, UUID conversationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from memory_summaries where conversation_id = ?");
             PreparedStatement m = c.prepareStatement("delete from messages where conversation_id = ?")) {
            s.setObject(1, conversationId);
            s.executeUpdate();
            m.setObject(1, conversationId);
            return m.executeUpdate();
        }
    }

    static Optional<Summary> latestSummary(Connection c, UUID conversationId) throws SQLException {
        List<Summary> list = summaries(c, conversationId, true);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.getFirst());
    }

    /** All summaries of a conversation, oldest first (or only the latest). */
    static List<Summary> summaries(Connection c, UUID conversationId, boolean latestOnly) throws SQLException {
        String sql = "select " + SUMMARY_COLUMNS + " from memory_summaries where conversation_id = ? order by to_message_id "
                + (latestOnly ? "desc limit 1" : "asc");
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, conversationId);
            try (ResultSet rs = st.executeQuery()) {
                List<Summary> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(summary(rs));
                }
                return out;
            }
        }
    }

    private static final String SUMMARY_COLUMNS = "id, conversation_id, from_message_id, to_message_id, message_count, content,"
            + " token_count, created_at";

    private static Summary summary(ResultSet rs) throws SQLException {
        return new Summary(rs.getLong(1), rs.getObject(2, UUID.class), rs.getLong(3), rs.getLong(4), rs.getInt(5),
                rs.getString(6), rs.getInt(7), Jdbc.instant(rs.getTimestamp(8)));
    }

    static void insertSummary(Connection c, UUID conversationId, long from, long to, int count, String content, int tokens,
                              Instant at) throws SQLException {
        String sql = "insert into memory_summaries (conversation_id, from_message_id, to_message_id, message_count, content,"
                + " token_count, created_at) values (?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, conversationId);
            st.setLong(2, from);
            st.setLong(3, to);
            st.setInt(4, count);
            st.setString(5, content);
            st.setInt(6, tokens);
            st.setTimestamp(7, Jdbc.ts(at));
            st.executeUpdate();
        }
    }

    /** Locks the conversation row so that concurrent summarisers serialise. */
    static void lock(Connection c, UUID conversationId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select 1 from conversations where id = ? for update")) {
            st.setObject(1, conversationId);
            st.executeQuery().close();
        }
    }

    static List<UUID> conversationsOf(Connection c, Scope scope) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "select id from conversations where tenant_id = ? and user_id = ? order by created_at, id")) {
            st.setString(1, scope.tenantId());
            st.setString(2, scope.userId());
            try (ResultSet rs = st.executeQuery()) {
                List<UUID> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
                return out;
            }
        }
    }

    private static List<StoredMessage> readMessages(PreparedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            return messages(rs);
        }
    }

    private static List<StoredMessage> messages(ResultSet rs) throws SQLException {
        List<StoredMessage> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new StoredMessage(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                    rs.getInt(5), Jdbc.instant(rs.getTimestamp(6)), Jdbc.map(rs.getString(7)), rs.getBoolean(8),
                    rs.getString(9)));
        }
        return out;
    }
}
