package dev.maestro.memory;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.maestro.core.Ensure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
        Window window = new Window(recent);
        int windowCap = (int) Math.floor(budget * windowShare);
        while (window.hasOlder() && window.tokensWithOlder() <= windowCap) {
            window.takeOlder();
        }
        if (window.isEmpty() && window.hasOlder() && window.tokensWithOlder() <= budget) {
            window.takeOlder();
        }
        int windowTokens = window.fitTo(Math.max(windowCap, window.size() == 1 ? budget : 0));

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
        window.messages().forEach(m -> inWindow.add(m.id()));
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
        while (window.hasOlder() && !recalledSources.contains(window.older().id()) && window.tokensWithOlder() <= left) {
            window.takeOlder();
        }
        windowTokens = window.fitTo(Math.max(left, windowTokens));
        return new MemoryContext(budget, used, recalledText, recalledTokens,
                summaryText.isEmpty() ? null : summary, summaryText, summaryTokens, List.copyOf(window.messages()), windowTokens);
    }

    static String render(MemoryItem item) {
        return item.kind() == MemoryKind.FACT ? "(fact) " + item.content() : item.content();
    }

    /**
     * The window being cut from the newest messages backwards. Growing it counts incrementally (each message once,
     * its payload parsed once); {@link #fitTo} then counts the whole window with the estimator and drops the oldest
     * messages while it is over, so a non-additive estimator can never push it past its cap.
     */
    private final class Window {
        private final List<StoredMessage> recent;
        private final Deque<StoredMessage> taken = new ArrayDeque<>();
        private final Map<StoredMessage, ChatMessage> parsed = new IdentityHashMap<>();
        private int next;
        private int running;

        Window(List<StoredMessage> recent) {
            this.recent = recent;
            this.next = recent.size() - 1;
        }

        boolean hasOlder() {
            return next >= 0;
        }

        StoredMessage older() {
            return recent.get(next);
        }

        boolean isEmpty() {
            return taken.isEmpty();
        }

        int size() {
            return taken.size();
        }

        Deque<StoredMessage> messages() {
            return taken;
        }

        int tokensWithOlder() {
            return running + estimator.estimateTokenCountInMessage(chat(older()));
        }

        void takeOlder() {
            StoredMessage m = recent.get(next--);
            running += estimator.estimateTokenCountInMessage(chat(m));
            taken.addFirst(m);
        }

        /** The exact count of the window, after dropping its oldest messages while that count is over {@code cap}. */
        int fitTo(int cap) {
            int exact = exact();
            while (exact > cap && !taken.isEmpty()) {
                taken.removeFirst();
                next++;
                exact = exact();
            }
            running = exact;
            return exact;
        }

        private int exact() {
            if (taken.isEmpty()) {
                return 0;
            }
            List<ChatMessage> messages = new ArrayList<>(taken.size());
            taken.forEach(m -> messages.add(chat(m)));
            return estimator.estimateTokenCountInMessages(messages);
        }

        private ChatMessage chat(StoredMessage m) {
            return parsed.computeIfAbsent(m, StoredMessage::toChatMessage);
        }
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
