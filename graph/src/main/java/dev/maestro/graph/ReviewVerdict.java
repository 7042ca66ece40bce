package dev.maestro.graph;

import java.util.Locale;

/** A reviewer's reply: {@code APPROVE}, or {@code REJECT: what to fix}. Anything unclear counts as approval. */
record ReviewVerdict(boolean approved, String feedback) {

    static ReviewVerdict parse(String reply) {
        String text = reply == null ? "" : reply.strip();
        if (text.toUpperCase(Locale.ROOT).startsWith("REJECT")) {
            String feedback = text.substring("REJECT".length()).replaceFirst("^[\\s:.-]+", "").strip();
            return new ReviewVerdict(false, feedback.isEmpty() ? "The reviewer rejected the answer without saying why." : feedback);
        }
        return new ReviewVerdict(true, "");
    }
}
