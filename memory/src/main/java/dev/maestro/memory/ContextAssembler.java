package dev.maestro.memory;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.maestro.core.Ensure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Fits window, summary and recalled items into a token budget. The window gets up to {@code windowShare} of it, the
 * summary up to {@code summaryShare}, recalled items what is left, and the window then grows back into any budget
 * still unused. Every part is counted on its final rendered text, so the total never exceeds the budget, even with an
 * estimator that is not additive.
 */
final class ContextAssembler {

    static final String SUMMARY_HEADER = "Summary of the conversation so far:\n";
    static final String RECALL_HEADER = "Relevant memories:\n";

    private final TokenCountEstimator estimator;
    private final double windowShare;
    private final double summaryShare;

    ContextAssembler(TokenCountEstimator estimator, double windowShare, double summaryShare) {
        this.estimator = Ensure.notNull(estimator, "estimator");
        if (windowShare < 0 || summaryShare < 0 || windowShare + summaryShare > 1) {
            throw new IllegalArgumentException("windowShare and summaryShare must be >= 0 and add up to at most 1, were "
                    + windowShare + " and " + summaryShare);
        }
        this.windowShare = windowShare;
        this.summaryShare = summaryShare;
    }

    /**
     * @param recent  messages not covered by the summary, oldest first
     * @param summary the latest summary, or null
     * @param hits    recall hits, best first; episodes of messages in the window are skipped
     * @param maxHits how many hits to use at most
     */
    MemoryContext assemble(int budget, List<StoredMessage> recent, Summary summary, List<RecallHit> hits, int maxHits) {
        Ensure.notNegative(budget, "budget");
        // 1. the newest messages, within the window share (the latest alone may use the whole budget)
        Deque<StoredMessage> window = new ArrayDeque<>();
        int windowCap = (int) Math.floor(budget * windowShare);
        int next = recent.size() - 1;
        while (next >= 0 && windowTokens(window, recent.get(next)) <= windowCap) {
            window.addFirst(recent.get(next--));
        }
        if (window.isEmpty() && next >= 0 && windowTokens(window, recent.get(next)) <= budget) {
            window.addFirst(recent.get(next--));
        }
        int windowTokens = count(window);

        // 2. the summary, shortened from its end when it does not fit
        String summaryText = "";
        int summaryTokens = 0;
        if (summary != null && !summary.content().isBlank()) {
            int cap = Math.min((int) Math.floor(budget * summaryShare), budget - windowTokens);
            summaryText = fit(SUMMARY_HEADER, summary.content(), cap);
            summaryTokens = summaryText.isEmpty() ? 0 : estimator.estimateTokenCountInText(summaryText);
        }

        // 3. recalled items, best first, skipping any that do not fit
        int recallCap = budget - windowTokens - summaryTokens;
        List<RecallHit> used = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        String recalledText = "";
        int recalledTokens = 0;
        java.util.Set<Long> inWindow = new java.util.HashSet<>();
        window.forEach(m -> inWindow.add(m.id()));
        for (RecallHit hit : hits) {
            if (used.size() >= maxHits) {
                break;
            }
            if (hit.item().kind() == MemoryKind.EPISODE && hit.item().sourceMessageIds().stream().anyMatch(inWindow::contains)) {
                continue;
            }
            String line = "- " + render(hit.item()) + "\n";
            String candidate = RECALL_HEADER + lines + line;
            int tokens = estimator.estimateTokenCountInText(candidate.strip());
            if (tokens <= recallCap) {
                lines.append(line);
                used.add(hit);
                recalledText = candidate.strip();
                recalledTokens = tokens;
            }
        }

        // 4. the window grows back into what is left, up to the first message already recalled as an episode
        java.util.Set<Long> recalledSources = new java.util.HashSet<>();
        used.forEach(h -> recalledSources.addAll(h.item().sourceMessageIds()));
        int left = budget - summaryTokens - recalledTokens;
        while (next >= 0 && !recalledSources.contains(recent.get(next).id()) && windowTokens(window, recent.get(next)) <= left) {
            window.addFirst(recent.get(next--));
        }
        windowTokens = count(window);
        return new MemoryContext(budget, used, recalledText, recalledTokens,
                summaryText.isEmpty() ? null : summary, summaryText, summaryTokens, List.copyOf(window), windowTokens);
    }

    static String render(MemoryItem item) {
        return item.kind() == MemoryKind.FACT ? "(fact) " + item.content() : item.content();
    }

    private int windowTokens(Deque<StoredMessage> window, StoredMessage older) {
        List<ChatMessage> messages = new ArrayList<>(window.size() + 1);
        messages.add(older.toChatMessage());
        window.forEach(m -> messages.add(m.toChatMessage()));
        return estimator.estimateTokenCountInMessages(messages);
    }

    private int count(Deque<StoredMessage> window) {
        if (window.isEmpty()) {
            return 0;
        }
        List<ChatMessage> messages = new ArrayList<>(window.size());
        window.forEach(m -> messages.add(m.toChatMessage()));
        return estimator.estimateTokenCountInMessages(messages);
    }

    /** header + the longest word prefix of text within cap tokens (with "…" when cut), or "" when not even one word fits. */
    private String fit(String header, String text, int cap) {
        String whole = header + text;
        if (estimator.estimateTokenCountInText(whole) <= cap) {
            return whole;
        }
        String[] words = text.split("\\s+");
        int lo = 0;
        int hi = words.length - 1; // the largest word count known or assumed to fit lies in [lo, hi]
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (estimator.estimateTokenCountInText(cut(header, words, mid)) <= cap) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo == 0 ? "" : cut(header, words, lo);
    }

    private static String cut(String header, String[] words, int n) {
        return header + String.join(" ", java.util.Arrays.asList(words).subList(0, n)) + " …";
    }
}
