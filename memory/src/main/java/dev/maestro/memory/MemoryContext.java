package dev.maestro.memory;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * The memory assembled for one turn under a token budget, with the token count of each part. The parts never add
 * up to more than {@link #budget()}.
 *
 * @param recalled       long-term hits that fit, best first
 * @param recalledText   how they are rendered into the prompt (empty when none fit)
 * @param summary        the rolling summary used, or null
 * @param summaryText    how it is rendered (possibly shortened to fit; empty when none)
 * @param window         the most recent messages that fit, oldest first
 * @since 0.1
 */
public record MemoryContext(int budget,
                            List<RecallHit> recalled, String recalledText, int recalledTokens,
                            Summary summary, String summaryText, int summaryTokens,
                            List<StoredMessage> window, int windowTokens) {

    public MemoryContext {
        recalled = List.copyOf(recalled);
        window = List.copyOf(window);
    }

    public int totalTokens() {
        return recalledTokens + summaryTokens + windowTokens;
    }

    /** Summary then recalled memories, as one text for a system message; empty when there is neither. */
    public String memoryText() {
        if (summaryText.isEmpty()) {
            return recalledText;
        }
        return recalledText.isEmpty() ? summaryText : summaryText + "\n\n" + recalledText;
    }

    /** A system message with {@link #memoryText()} (when not empty) followed by the window. */
    public List<ChatMessage> toMessages() {
        List<ChatMessage> out = new ArrayList<>(window.size() + 1);
        String text = memoryText();
        if (!text.isEmpty()) {
            out.add(SystemMessage.from(text));
        }
        for (StoredMessage m : window) {
            out.add(m.toChatMessage());
        }
        return out;
    }
}
