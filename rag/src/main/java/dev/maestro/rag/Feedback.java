package dev.maestro.rag;

import dev.maestro.core.Ensure;

import java.util.List;

/**
 * What a user (or a simulation) said about one answer.
 *
 * @param query    the query text
 * @param features the query's {@link dev.maestro.rag.adaptive.QueryFeatures} vector when it was answered
 * @param strategy the strategy that answered, e.g. {@code hybrid}
 * @param shown    chunk ids shown to the model or user, in rank order
 * @param cited    chunk ids the answer cited (a subset of shown), may be empty
 * @param reward   1 for thumbs up, 0 for thumbs down, or a graded value in between
 * @since 0.1
 */
public record Feedback(String query, double[] features, String strategy, List<Long> shown, List<Long> cited, double reward) {

    public Feedback {
        Ensure.notBlank(query, "query");
        Ensure.notBlank(strategy, "strategy");
        features = Ensure.notNull(features, "features").clone();
        shown = List.copyOf(shown);
        cited = List.copyOf(cited);
        if (!(reward >= 0 && reward <= 1)) {
            throw new IllegalArgumentException("reward must be in [0, 1], was " + reward);
        }
    }

    /** Thumbs up (1) or down (0). */
    public static Feedback thumbs(String query, double[] features, String strategy, List<Long> shown, List<Long> cited, boolean up) {
        return new Feedback(query, features, strategy, shown, cited, up ? 1 : 0);
    }

    @Override
    public double[] features() {
        return features.clone();
    }
}
