package dev.maestro;

import dev.maestro.memory.MemoryAdmin;
import dev.maestro.memory.MemoryContext;
import dev.maestro.memory.StoredMessage;

import java.util.List;

/**
 * The three-tier memory of a {@link Maestro}: the short-term window, mid-term summaries and long-term facts and
 * episodes, all in PostgreSQL.
 *
 * <pre>{@code
 * List<StoredMessage> turns = maestro.memory().history("support-42");
 * String recalled = maestro.memory().recall("support-42", "what is my name?");
 * }</pre>
 *
 * @since 0.1
 */
public final class MaestroMemory {

    private final MemoryTurns turns;

    MaestroMemory(MemoryTurns turns) {
        this.turns = turns;
    }

    /** Every stored message of the conversation, oldest first. */
    public List<StoredMessage> history(String conversationId) {
        return turns.history(conversationId);
    }

    /** What the agents would be given for this question: recalled memories, the summary and the recent window. */
    public MemoryContext context(String conversationId, String question) {
        return turns.context(conversationId, question);
    }

    /** {@link #context} rendered as the one block of text the agents see. */
    public String recall(String conversationId, String question) {
        return MemoryTurns.render(context(conversationId, question));
    }

    /** The long-term items of the conversation's tenant and user most similar to {@code query}, best first (what memory_search finds). */
    public List<dev.maestro.memory.RecallHit> search(String conversationId, String query, int k) {
        return turns.search(conversationId, query, k);
    }

    /** Inspect, search, hard-delete (one item or a whole user) and export memory. */
    public MemoryAdmin admin() {
        return turns.admin();
    }
}
