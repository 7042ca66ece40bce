package dev.maestro.graph.checkpoint;

import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;
import dev.maestro.graph.ConversationLock;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * A conversation lock shared by every process on one database: a PostgreSQL session advisory lock, held on its
 * own connection for the duration of the turn. Waiters in this process queue on a local lock first, and the
 * database lock is polled with {@code pg_try_advisory_lock}, so waiting never holds a pooled connection. Closing the
 * handle returns at once: a background thread unlocks in the database, and only then lets this process's next
 * waiter in, so nobody here sees the conversation free while the database still holds it.
 *
 * @since 0.1
 */
public final class PostgresConversationLock implements ConversationLock {

    /** How long a turn waits for another process to finish with the same conversation. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static final long POLL_MS = 25;

    private final DataSource dataSource;
    private final Duration timeout;
    /** Turns of this process queue here first; a permit is returned only once the database lock is released. */
    private final Map<String, Semaphore> local = new ConcurrentHashMap<>();
    /** Releases database locks off the caller's path, so a finished turn returns without that round trip. */
    private final ExecutorService releaser = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "maestro-conversation-unlock");
        t.setDaemon(true);
        return t;
    });

    public PostgresConversationLock(DataSource dataSource) {
        this(dataSource, DEFAULT_TIMEOUT);
    }

    public PostgresConversationLock(DataSource dataSource, Duration timeout) {
        this.dataSource = Ensure.notNull(dataSource, "dataSource");
        this.timeout = Ensure.notNull(timeout, "timeout");
    }

    /** Releases run in order on one thread, so a no-op queued behind them finishes after the last of them. */
    @Override
    public void drain(Duration timeout) {
        try {
            releaser.submit(() -> { }).get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // a release still stuck: closing the pool ends its session, which frees the lock anyway
        }
    }

    @Override
    public Held acquire(String conversationId) {
        Semaphore inProcess = local.computeIfAbsent(conversationId, k -> new Semaphore(1));
        try {
            inProcess.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("Interrupted while waiting for conversation " + conversationId, e);
        }
        try {
            Connection held = acquireInDatabase(conversationId);
            return () -> releaser.execute(() -> {
                try {
                    release(held, conversationId);
                } finally {
                    inProcess.release();
                }
            });
        } catch (RuntimeException e) {
            inProcess.release();
            throw e;
        }
    }

    private Connection acquireInDatabase(String conversationId) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Connection c = null;
            try {
                c = dataSource.getConnection();
                try (PreparedStatement st = c.prepareStatement("select pg_try_advisory_lock(hashtextextended(?, 42))")) {
                    st.setString(1, conversationId);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            return c;
                        }
                    }
                }
                c.close();
            } catch (SQLException e) {
                closeQuietly(c);
                throw new DatabaseException("Cannot lock conversation " + conversationId + ": " + e.getMessage(), e);
            }
            if (System.nanoTime() > deadline) {
                throw new DatabaseException("Conversation " + conversationId + " is busy in another process for more than "
                        + timeout.toSeconds() + " s; retry when its current answer is done.");
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatabaseException("Interrupted while waiting for conversation " + conversationId, e);
            }
        }
    }

    private static void release(Connection c, String conversationId) {
        try (c; PreparedStatement unlock = c.prepareStatement("select pg_advisory_unlock(hashtextextended(?, 42))")) {
            unlock.setString(1, conversationId);
            unlock.execute();
        } catch (SQLException e) {
            // Closing the session releases the lock anyway.
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }
}
