package dev.maestro.memory;

import java.util.List;

/** The short-term window: the longest run of newest messages whose token counts fit the budget. */
final class Window {

    private Window() {
    }

    /**
     * @param tokenCounts token counts of a conversation's messages, oldest first
     * @return the index of the oldest message inside the window; {@code tokenCounts.size()} when even the newest
     * message alone exceeds the budget
     */
    static int start(List<Integer> tokenCounts, int budget) {
        int used = 0;
        int i = tokenCounts.size();
        while (i > 0 && used + tokenCounts.get(i - 1) <= budget) {
            used += tokenCounts.get(--i);
        }
        return i;
    }
}
