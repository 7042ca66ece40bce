package dev.maestro.graph;

import javax.sql.DataSource;

/**
 * The graph's view of conversational memory: what to recall before a turn and what to keep after it.
 * The {@code memory} module provides the PostgreSQL implementation; {@link #NONE} keeps nothing.
 *
 * @since 0.1
 */
public interface TurnMemory {

    TurnMemory NONE = new TurnMemory() {
        @Override
        public String recall(String conversationId, String question) {
            return "";
        }

        @Override
        public void remember(String conversationId, String question, String answer) {
        }
    };

    /**
     * Called as a turn starts, before it waits for its conversation: an implementation may begin slow work that
     * {@link #recall} will need and that has no side effects, such as embedding the question. Must not block.
     */
    default void prefetch(String conversationId, String question) {
    }

    /** Context for the agents (recalled facts, summary, recent turns), already within its token budget; may be empty. */
    String recall(String conversationId, String question);

    /** Records the finished turn. Slow work (summaries, extraction) belongs off this path. */
    void remember(String conversationId, String question, String answer);

    /**
     * Records the finished turn when the graph commits the turn's last checkpoint to {@code checkpoints} right after,
     * waiting for the disk: a memory in that same PostgreSQL database need not wait for the disk itself, since the
     * write-ahead log makes the later commit durable only together with this one.
     */
    default void rememberBeforeCheckpoint(String conversationId, String question, String answer, DataSource checkpoints) {
        remember(conversationId, question, answer);
    }
}
