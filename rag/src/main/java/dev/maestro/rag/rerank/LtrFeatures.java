package dev.maestro.rag.rerank;

import dev.maestro.rag.Candidate;
import dev.maestro.rag.internal.Terms;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The learned reranker's features for one candidate of one query. Scores are also given relative to the
 * query's candidate list (max-normalised), because raw BM25 scores do not compare across queries.
 *
 * @since 0.1
 */
public final class LtrFeatures {

    /** Feature names, in vector order. */
    public static final List<String> NAMES = List.of(
            "dense_score", "dense_score_rel", "dense_rank_log", "in_dense",
            "bm25_score_rel", "bm25_score_log", "bm25_rank_log", "in_bm25",
            "rrf", "title_match", "term_overlap", "term_overlap_x_dense", "length_log", "bigram_overlap", "number_match");

    private LtrFeatures() {
    }

    /** Features of every candidate of one query's list. */
    public static double[][] of(String query, List<Candidate> candidates) {
        List<String> queryTerms = Terms.of(query);
        Set<String> q = new HashSet<>(queryTerms);
        Set<String> qBigrams = bigrams(queryTerms);
        Set<String> qNumbers = new HashSet<>();
        for (String t : q) {
            if (t.chars().anyMatch(Character::isDigit)) {
                qNumbers.add(t);
            }
        }
        double maxDense = Double.NEGATIVE_INFINITY;
        double minDense = Double.POSITIVE_INFINITY;
        double maxBm25 = 0;
        for (Candidate c : candidates) {
            if (!Double.isNaN(c.denseScore())) {
                maxDense = Math.max(maxDense, c.denseScore());
                minDense = Math.min(minDense, c.denseScore());
            }
            if (!Double.isNaN(c.keywordScore())) {
                maxBm25 = Math.max(maxBm25, c.keywordScore());
            }
        }
        double floorDense = Double.isInfinite(minDense) ? 0 : minDense;
        double[][] x = new double[candidates.size()][];
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            boolean inDense = c.denseRank() >= 0;
            boolean inBm25 = c.keywordRank() >= 0;
            double dense = inDense ? c.denseScore() : floorDense;
            double bm25 = inBm25 ? c.keywordScore() : 0;
            Set<String> title = new HashSet<>(Terms.of(c.hit().title()));
            List<String> textTerms = Terms.of(c.hit().text());
            Set<String> text = new HashSet<>(textTerms);
            text.addAll(title);
            double overlap = fraction(q, text);
            x[i] = new double[]{
                    dense,
                    maxDense > floorDense ? (dense - floorDense) / (maxDense - floorDense) : 1,
                    -Math.log1p(inDense ? c.denseRank() : 200),
                    inDense ? 1 : 0,
                    maxBm25 > 0 ? bm25 / maxBm25 : 0,
                    Math.log1p(bm25),
                    -Math.log1p(inBm25 ? c.keywordRank() : 200),
                    inBm25 ? 1 : 0,
                    60 * ((inDense ? 1.0 / (61 + c.denseRank()) : 0) + (inBm25 ? 1.0 / (61 + c.keywordRank()) : 0)),
                    fraction(q, title),
                    overlap,
                    overlap * dense,
                    Math.log1p(textTerms.size()),
                    qBigrams.isEmpty() ? 0 : fraction(qBigrams, bigrams(concat(Terms.of(c.hit().title()), textTerms))),
                    qNumbers.isEmpty() ? 0 : fraction(qNumbers, text)
            };
        }
        return x;
    }

    private static Set<String> bigrams(List<String> terms) {
        Set<String> out = new HashSet<>();
        for (int i = 1; i < terms.size(); i++) {
            out.add(terms.get(i - 1) + ' ' + terms.get(i));
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a.size() + b.size() + 1);
        out.addAll(a);
        out.add("\u0000"); // no bigram across the title boundary
        out.addAll(b);
        return out;
    }

    private static double fraction(Set<String> query, Set<String> doc) {
        if (query.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (String t : query) {
            if (doc.contains(t)) {
                n++;
            }
        }
        return (double) n / query.size();
    }
}
