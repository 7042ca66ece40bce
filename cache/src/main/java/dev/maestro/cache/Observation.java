package dev.maestro.cache;

/**
 * What one comparison taught an entry: a request at {@code similarity} to it would ({@code correct}) or would not
 * have been answered correctly by the entry's answer.
 */
public record Observation(double similarity, boolean correct) {

    public Observation {
        if (!(similarity >= -1.0 && similarity <= 1.0)) {
            throw new IllegalArgumentException("similarity must be in [-1, 1], was " + similarity);
        }
        // vCache rounds to three decimals: observations that close are the same evidence
        similarity = Math.round(similarity * 1000.0) / 1000.0;
    }
}
