package dev.maestro.rag.adaptive;

import dev.maestro.rag.TermStatistics;
import dev.maestro.rag.internal.Terms;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The context the adaptive bandit sees: cheap features of the query text plus how rare its terms are in the
 * collection. Every value lies in [0, 1]; index 0 is a constant 1 (the bias).
 *
 * @since 0.1
 */
public final class QueryFeatures {

    /** Feature names, in vector order. */
    public static final List<String> NAMES = List.of("bias", "length", "has_number", "has_quote", "identifier",
            "question", "max_idf", "rare_terms", "unknown_terms");

    private static final Pattern IDENTIFIER = Pattern.compile(
            "\\b(?:[A-Za-z]+\\d+[A-Za-z\\d]*|\\d+[A-Za-z]+[A-Za-z\\d]*|[a-z]+[A-Z][A-Za-z\\d]*|[A-Za-z\\d]+[_./:-][A-Za-z\\d]+(?:[_./:-][A-Za-z\\d]+)*|[A-Z]{2,}\\d*)\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d");
    private static final Pattern QUESTION = Pattern.compile(
            "^(?:who|what|when|where|why|how|which|whose|whom|is|are|does|do|did|can|could|should|would|will|was|were)\\b");

    private QueryFeatures() {
    }

    public static int dimension() {
        return NAMES.size();
    }

    /** The feature vector of {@code query} given its terms' collection statistics. */
    public static double[] of(String query, TermStatistics stats) {
        String q = query.strip();
        int tokens = Terms.of(q).size();
        double n = Math.max(1, stats.chunks());
        double maxIdf = 0;
        int rare = 0;
        int unknown = 0;
        List<Integer> dfs = stats.documentFrequencies();
        for (int df : dfs) {
            if (df == 0) {
                unknown++;
                continue;
            }
            maxIdf = Math.max(maxIdf, Math.log(n / df) / Math.log(n + 1));
            if (df <= Math.max(2, n / 1000)) {
                rare++;
            }
        }
        int terms = Math.max(1, dfs.size());
        return new double[]{
                1,
                Math.min(1, Math.log1p(tokens) / Math.log(33)),
                NUMBER.matcher(q).find() ? 1 : 0,
                q.indexOf('"') >= 0 || q.indexOf('\u201c') >= 0 ? 1 : 0,
                IDENTIFIER.matcher(q).find() ? 1 : 0,
                q.endsWith("?") || QUESTION.matcher(q.toLowerCase(Locale.ROOT)).find() ? 1 : 0,
                Math.min(1, maxIdf),
                (double) rare / terms,
                (double) unknown / terms
        };
    }
}
