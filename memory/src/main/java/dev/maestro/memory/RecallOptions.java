package dev.maestro.memory;

import dev.maestro.core.Ensure;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * How to recall: how many items, of which kinds, and how to rank them. The score is
 * {@code similarityWeight * cosine + recencyWeight * 0.5^(age / recencyHalfLife) + importanceWeight * importance}.
 *
 * @param k                 how many hits to return; defaults to {@value #DEFAULT_K}
 * @param kinds             which kinds of item; defaults to both
 * @param recencyWeight     defaults to {@value #DEFAULT_RECENCY_WEIGHT}; 0 ranks questions about the distant past fairly
 * @param importanceWeight  defaults to {@value #DEFAULT_IMPORTANCE_WEIGHT}
 * @param recencyHalfLife   age at which the recency term halves; defaults to 30 days
 * @param includeSuperseded also return facts that a newer fact superseded (history); defaults to false
 * @param asOf              the "now" of the recency term; null means the memory's clock
 * @param keywordWeight     hybrid recall: above 0, the similarity term becomes {@code cosine + keywordWeight * keyword},
 *                          where {@code keyword} is the summed inverse document frequency of the query words the item
 *                          contains, divided by the best such sum of the query (0..1, 0 when it shares no word); words
 *                          found in more than {@value #KEYWORD_MAX_SHARE} of the user's items are ignored, like stop
 *                          words; defaults to {@value #DEFAULT_KEYWORD_WEIGHT}; 0 is vector search alone
 * @since 0.1
 */
public record RecallOptions(int k, Set<MemoryKind> kinds, double similarityWeight, double recencyWeight,
                            double importanceWeight, Duration recencyHalfLife, boolean includeSuperseded, Instant asOf,
                            double keywordWeight) {

    public static final int DEFAULT_K = 10;
    public static final double DEFAULT_SIMILARITY_WEIGHT = 1.0;
    public static final double DEFAULT_RECENCY_WEIGHT = 0.1;
    public static final double DEFAULT_IMPORTANCE_WEIGHT = 0.1;
    public static final Duration DEFAULT_RECENCY_HALF_LIFE = Duration.ofDays(30);
    public static final double DEFAULT_KEYWORD_WEIGHT = 0.15;
    /**
     * Query words found in more than this share of the user's items (e.g. a speaker's name that heads every episode)
     * are ignored by the full-text ranking.
     */
    public static final double KEYWORD_MAX_SHARE = 0.2;
    /** A word may always be in this many items before {@link #KEYWORD_MAX_SHARE} applies, so small memories keep every word. */
    static final int KEYWORD_MIN_COUNT = 10;

    public RecallOptions {
        Ensure.positive(k, "k");
        Ensure.notEmpty(kinds, "kinds");
        kinds = Set.copyOf(kinds);
        Ensure.notNull(recencyHalfLife, "recencyHalfLife");
        if (recencyHalfLife.isNegative() || recencyHalfLife.isZero()) {
            throw new IllegalArgumentException("recencyHalfLife must be > 0, was " + recencyHalfLife);
        }
        if (similarityWeight < 0 || recencyWeight < 0 || importanceWeight < 0 || keywordWeight < 0) {
            throw new IllegalArgumentException("weights must be >= 0, were similarity=" + similarityWeight
                    + ", recency=" + recencyWeight + ", importance=" + importanceWeight + ", keyword=" + keywordWeight);
        }
    }

    public static RecallOptions defaults() {
        return new RecallOptions(DEFAULT_K, EnumSet.allOf(MemoryKind.class), DEFAULT_SIMILARITY_WEIGHT,
                DEFAULT_RECENCY_WEIGHT, DEFAULT_IMPORTANCE_WEIGHT, DEFAULT_RECENCY_HALF_LIFE, false, null, DEFAULT_KEYWORD_WEIGHT);
    }

    public RecallOptions withK(int k) {
        return new RecallOptions(k, kinds, similarityWeight, recencyWeight, importanceWeight, recencyHalfLife, includeSuperseded, asOf, keywordWeight);
    }

    public RecallOptions withKinds(Set<MemoryKind> kinds) {
        return new RecallOptions(k, kinds, similarityWeight, recencyWeight, importanceWeight, recencyHalfLife, includeSuperseded, asOf, keywordWeight);
    }

    public RecallOptions withWeights(double similarity, double recency, double importance) {
        return new RecallOptions(k, kinds, similarity, recency, importance, recencyHalfLife, includeSuperseded, asOf, keywordWeight);
    }

    /** Ranks by similarity alone, e.g. for questions about the past. */
    public RecallOptions similarityOnly() {
        return withWeights(1.0, 0.0, 0.0);
    }

    public RecallOptions withSuperseded(boolean include) {
        return new RecallOptions(k, kinds, similarityWeight, recencyWeight, importanceWeight, recencyHalfLife, include, asOf, keywordWeight);
    }

    public RecallOptions asOf(Instant now) {
        return new RecallOptions(k, kinds, similarityWeight, recencyWeight, importanceWeight, recencyHalfLife, includeSuperseded, now, keywordWeight);
    }

    /** Vector search alone, or hybrid with full-text ranking weighted by {@code weight}. */
    public RecallOptions withKeywordWeight(double weight) {
        return new RecallOptions(k, kinds, similarityWeight, recencyWeight, importanceWeight, recencyHalfLife, includeSuperseded, asOf, weight);
    }

    /**
     * The relevance term: cosine similarity, plus with {@code keywordWeight} the item's keyword score relative to the
     * best one of the query ({@code bestKeywordScore}; the term is 0 when that is 0).
     */
    double relevance(double cosine, double keywordScore, double bestKeywordScore) {
        if (keywordWeight <= 0 || bestKeywordScore <= 0) {
            return cosine;
        }
        return cosine + keywordWeight * Math.min(1.0, keywordScore / bestKeywordScore);
    }

    /** The combined score of one candidate. */
    double score(double relevance, double importance, Instant validFrom, Instant now) {
        double ageSeconds = Math.max(0, Duration.between(validFrom, now).toSeconds());
        double recency = Math.pow(0.5, ageSeconds / (double) recencyHalfLife.toSeconds());
        return similarityWeight * relevance + recencyWeight * recency + importanceWeight * importance;
    }
}
