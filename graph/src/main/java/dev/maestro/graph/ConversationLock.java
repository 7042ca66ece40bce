package dev.maestro.graph;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes turns of one conversation run one at a time, so two requests never interleave their checkpoints.
 * {@link #LOCAL} covers one process; {@link dev.maestro.graph.checkpoint.PostgresConversationLock} covers every
 * process on a database.
 *
 * @since 0.1
 */
public interface ConversationLock {

    /** Shared by every graph in this process that is not given a lock of its own. */
    ConversationLock LOCAL = inProcess();

    /** A fresh lock table covering one process. */
    static ConversationLock inProcess() {
        ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
        return conversationId -> {
            ReentrantLock lock = locks.computeIfAbsent(conversationId, k -> new ReentrantLock());
            lock.lock();
            return lock::unlock;
        };
    }

    /** Blocks until the conversation is free; the returned handle releases it. */
    Held acquire(String conversationId);

    /**
     * Waits, at most {@code timeout}, for releases still in flight: a graph calls it when it closes, before the pool
     * those releases use is closed. Nothing to wait for by default.
     */
    default void drain(java.time.Duration timeout) {
    }

    /** A held lock. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
