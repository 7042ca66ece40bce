package dev.maestro.graph;

import dev.maestro.agents.ToolJournal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the graph keeps its agents' {@link ToolJournal}s: one per task of a turn, kept until the turn finishes, so a
 * turn resumed after a crash or an approval repeats no completed tool call. {@link #inMemory()} survives approvals but
 * not a crash; {@link dev.maestro.graph.checkpoint.PostgresToolJournals} survives both.
 *
 * @since 0.1
 */
public interface ToolJournals {

    ToolJournal open(String conversationId, String turn, String task);

    /** The turn ended (answered or failed knowingly): its journals are no longer needed. */
    void finish(String conversationId, String turn);

    static ToolJournals inMemory() {
        Map<String, ToolJournal> journals = new ConcurrentHashMap<>();
        return new ToolJournals() {
            @Override
            public ToolJournal open(String conversationId, String turn, String task) {
                return journals.computeIfAbsent(conversationId + "\u0000" + turn + "\u0000" + task, k -> ToolJournal.inMemory());
            }

            @Override
            public void finish(String conversationId, String turn) {
                String prefix = conversationId + "\u0000" + turn + "\u0000";
                journals.keySet().removeIf(k -> k.startsWith(prefix));
            }
        };
    }
}
