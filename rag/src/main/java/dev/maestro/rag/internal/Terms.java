package dev.maestro.rag.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A light analyser for reranking and query features (not for BM25, which uses PostgreSQL's lexemes):
 * lower-case letter/digit runs, English stop words removed, a plural "s" stripped.
 */
public final class Terms {

    private static final Set<String> STOP = Set.of("a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do",
            "does", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "more", "no", "not",
            "of", "on", "or", "than", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "were",
            "what", "when", "where", "which", "while", "who", "why", "will", "with", "you", "your");

    private Terms() {
    }

    public static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < lower.length()) {
            while (i < lower.length() && !Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < lower.length() && Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
            }
            if (i > start) {
                String t = lower.substring(start, i);
                if (!STOP.contains(t)) {
                    out.add(stem(t));
                }
            }
        }
        return out;
    }

    private static String stem(String t) {
        if (t.length() > 4 && t.endsWith("ies")) {
            return t.substring(0, t.length() - 3) + "y";
        }
        if (t.length() > 3 && t.endsWith("s") && !t.endsWith("ss") && !t.endsWith("us") && !t.endsWith("is")) {
            return t.substring(0, t.length() - 1);
        }
        return t;
    }
}
