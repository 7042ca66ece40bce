package dev.maestro.cache;

import java.util.List;
import java.util.random.RandomGenerator;

/** Decides whether the nearest entry's answer is reused for a request at a given similarity. */
public interface ReusePolicy {

    /**
     * @param own    the nearest entry's observations
     * @param pooled recent observations of all entries under the same key (what a new entry's prior comes from)
     */
    Decision decide(double similarity, List<Observation> own, List<Observation> pooled, RandomGenerator random);

    /** How a decision was reached. */
    enum Basis {
        /** A static similarity threshold decided (a static policy, or an entry without a learned boundary yet). */
        FALLBACK,
        /** The entry's learned boundary decided. */
        LEARNED
    }

    /**
     * @param reuse     whether to answer with the cached answer
     * @param tau       the probability of exploring, NaN when a static threshold decided
     * @param threshold the entry's estimated threshold, NaN when a static threshold decided
     */
    record Decision(boolean reuse, double tau, double threshold, Basis basis) {
    }

    /** The static-threshold cache most frameworks ship (GPTCache): reuse at or above {@code threshold}, learn nothing. */
    static ReusePolicy staticThreshold(double threshold) {
        return (similarity, own, pooled, random) -> new Decision(similarity >= threshold, Double.NaN, Double.NaN, Basis.FALLBACK);
    }
}
