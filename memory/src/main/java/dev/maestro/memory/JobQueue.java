package dev.maestro.memory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The durable queue in {@code memory_jobs}. A job is claimed with {@code FOR UPDATE SKIP LOCKED} and a lease; a worker
 * that dies leaves it {@code running} until the lease expires, and then any worker claims it again. Completing a job
 * deletes it in the same transaction as its results, and only while the worker still holds it.
 */
final class JobQueue {

    enum Kind {
        EPISODE, SUMMARIZE, EXTRACT;

        String sql() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Job(long id, Kind kind, UUID conversationId, Long messageId, int attempts) {
    }

    private JobQueue() {
    }

    /** Claims up to {@code max} jobs that are due, or whose lease has expired, oldest first. */
    static List<Job> claim(Connection c, String worker, int max, Instant now, Duration lease) throws SQLException {
        String sql = """
                update memory_jobs j set status = 'running', attempts = j.attempts + 1, locked_by = ?, locked_until = ?
                where j.id in (select id from memory_jobs
                               where (status = 'pending' and run_after <= ?) or (status = 'running' and locked_until <= ?)
                               order by id limit ? for update skip locked)
                returning j.id, j.kind, j.conversation_id, j.message_id, j.attempts""";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, worker);
            st.setTimestamp(2, Jdbc.ts(now.plus(lease)));
            st.setTimestamp(3, Jdbc.ts(now));
            st.setTimestamp(4, Jdbc.ts(now));
            st.setInt(5, max);
            try (ResultSet rs = st.executeQuery()) {
                List<Job> out = new ArrayList<>();
                while (rs.next()) {
                    long message = rs.getLong(4);
                    Long messageId = rs.wasNull() ? null : message;
                    out.add(new Job(rs.getLong(1), Kind.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                            rs.getObject(3, UUID.class), messageId, rs.getInt(5)));
                }
                out.sort((a, b) -> Long.compare(a.id(), b.id()));
                return out;
            }
        }
    }

    /** Deletes the job if {@code worker} still holds it; false means another worker took it over and the caller must roll back. */
    static boolean complete(Connection c, Job job, String worker) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("delete from memory_jobs where id = ? and locked_by = ? and status = 'running'")) {
            st.setLong(1, job.id());
            st.setString(2, worker);
            return st.executeUpdate() == 1;
        }
    }

    /** Puts the job back with a delay, or marks it failed for good after {@code maxAttempts}. */
    static void fail(Connection c, Job job, String worker, String error, Instant retryAt, int maxAttempts) throws SQLException {
        if (job.kind() == Kind.SUMMARIZE) {
            // a newer pending summarize job of the same conversation makes this one redundant (and only one may be pending)
            String redundant = "delete from memory_jobs j where j.id = ? and j.locked_by = ? and exists (select 1 from memory_jobs o"
                    + " where o.conversation_id = j.conversation_id and o.kind = 'summarize' and o.status = 'pending')";
            try (PreparedStatement st = c.prepareStatement(redundant)) {
                st.setLong(1, job.id());
                st.setString(2, worker);
                if (st.executeUpdate() == 1) {
                    return;
                }
            }
        }
        String sql = "update memory_jobs set status = case when attempts >= ? then 'failed' else 'pending' end, run_after = ?,"
                + " last_error = ?, locked_by = null, locked_until = null where id = ? and locked_by = ?";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setInt(1, maxAttempts);
            st.setTimestamp(2, Jdbc.ts(retryAt));
            st.setString(3, error.length() > 2000 ? error.substring(0, 2000) : error);
            st.setLong(4, job.id());
            st.setString(5, worker);
            st.executeUpdate();
        }
    }

    /** Jobs of a conversation not yet done: pending or running (failed ones excluded). */
    static int open(Connection c, UUID conversationId) throws SQLException {
        String sql = "select count(*) from memory_jobs where status <> 'failed'" + (conversationId == null ? "" : " and conversation_id = ?");
        try (PreparedStatement st = c.prepareStatement(sql)) {
            if (conversationId != null) {
                st.setObject(1, conversationId);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
