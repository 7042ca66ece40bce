package dev.maestro.cache;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Whether to reuse a cached answer, so that the rate of wrong reuses stays at most {@code delta}: the verified
 * decision of vCache (Schroeder et al., "vCache: Verified Semantic Prompt Caching", 2025).
 *
 * <p>For the nearest entry at similarity {@code s}, its learned boundary ({@link ThresholdFit}) gives, for each
 * {@code epsilon} of a grid, the upper {@code 1 - epsilon} confidence bound {@code t'} of its threshold and a lower
 * bound {@code alpha = (1 - epsilon) * sigmoid(gamma * (s - t'))} on the probability that reuse is correct. The
 * request is then explored (answered afresh, and the answer compared with the entry's, which teaches the entry) with
 * probability {@code tau = min over epsilon of 1 - delta / (1 - alpha)}, and the cached answer reused otherwise; a
 * {@code tau} at or below 0 always reuses. An entry with fewer than {@link #MIN_OBSERVATIONS} observations, or
 * with only one outcome so far, has no boundary yet: it is reused only at or above the conservative static
 * {@code fallbackThreshold}.
 */
public final class VerifiedPolicy implements ReusePolicy {

    /** vCache's minimum evidence before a boundary is fitted. */
    public static final int MIN_OBSERVATIONS = 6;
    private static final int GRID = 50;
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private final double delta;
    private final double fallbackThreshold;
    private final double priorWeight;
    private final double[] epsilons = new double[GRID];
    private final double[] z = new double[GRID];

    /**
     * @param delta             the error bound, in (0, 1), e.g. 0.02
     * @param fallbackThreshold the similarity at or above which an entry without a learned boundary is reused; above
     *                          1 never reuses such an entry
     */
    public VerifiedPolicy(double delta, double fallbackThreshold) {
        this(delta, fallbackThreshold, MIN_OBSERVATIONS);
    }

    /** @param priorWeight how many of an entry's own observations the pooled ones are worth together; 0 fits entries alone */
    public VerifiedPolicy(double delta, double fallbackThreshold, double priorWeight) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
        }
        this.delta = delta;
        this.fallbackThreshold = fallbackThreshold;
        this.priorWeight = priorWeight;
        for (int i = 0; i < GRID; i++) {
            epsilons[i] = 1e-6 + i * (1 - 2e-6) / (GRID - 1);
            z[i] = NORMAL.inverseCumulativeProbability(1 - epsilons[i]);
        }
    }

    public double delta() {
        return delta;
    }

    public double fallbackThreshold() {
        return fallbackThreshold;
    }

    /** What to do with the nearest entry at {@code similarity}, given what the entry has observed. */
    @Override
    public Decision decide(double similarity, List<Observation> own, List<Observation> pooled, RandomGenerator random) {
        Optional<ThresholdFit> fit = fit(own, pooled);
        if (fit.isEmpty()) {
            return new Decision(similarity >= fallbackThreshold, Double.NaN, Double.NaN, Basis.FALLBACK);
        }
        double tau = tau(similarity, fit.get());
        boolean reuse = tau <= 0 || random.nextDouble() > tau;
        return new Decision(reuse, tau, fit.get().threshold(), Basis.LEARNED);
    }

    /** The probability of exploring at {@code s}: the minimum over the confidence grid (vCache, Algorithm 1). */
    double tau(double s, ThresholdFit fit) {
        return 1 - delta / (1 - alpha(s, fit));
    }

    /**
     * The best lower confidence bound on the probability that reusing at {@code s} is correct: the maximum over the
     * grid of {@code (1 - epsilon) * sigmoid(gamma * (s - t'(epsilon)))}; {@code tau} falls as it rises.
     */
    double alpha(double s, ThresholdFit fit) {
        double sd = Math.sqrt(fit.variance());
        double best = 0;
        for (int i = 0; i < GRID; i++) {
            double tPrime = Math.clamp(fit.threshold() + z[i] * sd, 0.0, 1.0);
            best = Math.max(best, (1 - epsilons[i]) * ThresholdFit.sigmoid(fit.gamma() * (s - tPrime)));
        }
        return best;
    }

    /** The entry's fit with the pooled prior, or empty when there is no boundary to place yet. */
    Optional<ThresholdFit> fit(List<Observation> own, List<Observation> pooled) {
        return priorWeight > 0 ? ThresholdFit.of(own, pooled, priorWeight)
                : own.size() < MIN_OBSERVATIONS ? Optional.empty() : ThresholdFit.of(own);
    }
}
