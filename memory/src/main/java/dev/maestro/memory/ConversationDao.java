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

    /**
     * Creates the conversation for {@code scope} unless it exists.
     *
     * @throws MemoryException when it exists and belongs to another tenant or user
     */
    static void ensure(Connection c, Scope scope, UUID conversationId) throws SQLException {
        String sql = """
                with ins as (insert into conversations (id, tenant_id, user_id) values (?, ?, ?)
                             on conflict (id) do nothing returning tenant_id, user_id)
                select tenant_id, user_id from ins
                union all
                select tenant_id, user_id from conversations where id = ?""";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, conversationId);
            st.setString(2, scope.tenantId());
            st.setString(3, scope.userId());
            st.setObject(4, conversationId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                Scope owner = new Scope(rs.getString(1), rs.getString(2));
                if (!owner.equals(scope)) {
                    throw new MemoryException("Conversation " + conversationId + " belongs to another user; "
                            + scope + " may not read or write it");
                }
            }
        }
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

    /**
     * Inserts a message and enqueues its background jobs in one statement (one round trip on the request path).
     *
     * @return the message id
     */
    static long insertMessage(Connection c, UUID conversationId, String role, String content, int tokens, Instant at,
                              String metadataJson, String payload, List<JobQueue.Kind> jobs, Instant jobsAt) throws SQLException {
        String sql = "with m as (insert into messages (conversation_id, role, content, token_count, created_at, metadata, payload)"
                + " values (?, ?, ?, ?, ?, ?::jsonb, ?) returning id),"
                + " j as (insert into memory_jobs (kind, conversation_id, message_id, run_after, created_at)"
                + " select k, ?, m.id, ?, ? from m, unnest(?::text[]) k)"
                + " select id from m";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, conversationId);
            st.setString(2, role);
            st.setString(3, content);
            st.setInt(4, tokens);
            st.setTimestamp(5, Jdbc.ts(at));
            st.setString(6, metadataJson);
            st.setString(7, payload);
            st.setObject(8, conversationId);
            st.setTimestamp(9, Jdbc.ts(jobsAt));
            st.setTimestamp(10, Jdbc.ts(jobsAt));
            st.setArray(11, c.createArrayOf("text", jobs.stream().map(JobQueue.Kind::sql).toArray()));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
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

    /**
     * The newest messages after {@code afterId}, oldest first: enough to fill {@code maxTokens} (by stored token counts)
     * and one more, so a window of at most {@code maxTokens} can be cut from them without reading the whole history.
     */
    static List<StoredMessage> recentMessages(Connection c, UUID conversationId, long afterId, int maxTokens) throws SQLException {
        String sql = "select " + MESSAGE_COLUMNS + " from (select m.*, sum(coalesce(m.token_count, 0)) over (order by m.id desc"
                + " rows unbounded preceding) - coalesce(m.token_count, 0) as newer_tokens"
                + " from messages m where m.conversation_id = ? and m.id > ?) recent where newer_tokens <= ? order by id";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, conversationId);
            st.setLong(2, afterId);
            st.setInt(3, maxTokens);
            return readMessages(st);
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

    /** Tokens of the messages not yet covered by a summary. */
    static long unsummarisedTokens(Connection c, UUID conversationId) throws SQLException {
        String sql = "select coalesce(sum(token_count), 0) from messages where conversation_id = ? and id >"
                + " (select coalesce(max(to_message_id), 0) from memory_summaries where conversation_id = ?)";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, conversationId);
            st.setObject(2, conversationId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Optional<Summary> latestSummary(Connection c, UUID conversationId) throws SQLException {
        List<Summary> list = summaries(c, conversationId, true);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.getFirst());
    }

    /** All summaries of a conversation, oldest first (or only the latest). */
    static List<Summary> summaries(Connection c, UUID conversationId, boolean latestOnly) throws SQLException {
        String sql = "select id, conversation_id, from_message_id, to_message_id, message_count, content, token_count, created_at"
                + " from memory_summaries where conversation_id = ? order by to_message_id " + (latestOnly ? "desc limit 1" : "asc");
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, conversationId);
            try (ResultSet rs = st.executeQuery()) {
                List<Summary> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Summary(rs.getLong(1), rs.getObject(2, UUID.class), rs.getLong(3), rs.getLong(4), rs.getInt(5),
                            rs.getString(6), rs.getInt(7), Jdbc.instant(rs.getTimestamp(8))));
                }
                return out;
            }
        }
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
            List<StoredMessage> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new StoredMessage(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getInt(5), Jdbc.instant(rs.getTimestamp(6)), Jdbc.map(rs.getString(7)), rs.getBoolean(8),
                        rs.getString(9)));
            }
            return out;
        }
    }
}
