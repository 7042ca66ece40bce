package dev.maestro.cache;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The error budget spent where reuse is most likely right. vCache's rule ({@link VerifiedPolicy}) spends up to
 * {@code delta} on every request, reusing even a poor match with a small probability; this policy reuses an entry
 * only when the lower confidence bound {@code alpha} of its learned boundary leaves a per-reuse risk
 * {@code 1 - alpha} of at most {@code lambda}, and only while the risks taken so far, summed, stay within
 * {@code delta} times the decisions made. {@code lambda} starts at {@code delta} (every reuse within the bound on its
 * own) and is paced: raised while the spending runs below the budget, lowered as it nears it.
 *
 * <p>Because {@code alpha} is a lower bound, the summed risk over-estimates the expected wrong reuses, so their
 * rate stays at most {@code delta}. Entries without a boundary reuse at the static fallback threshold, as in
 * {@link VerifiedPolicy}. Pacing is per process: with several instances each keeps its own requests in budget.
 */
public final class BudgetedPolicy implements ReusePolicy {

    private static final double MAX_LAMBDA = 0.5;
    private static final double STEP = 1.02;

    private final VerifiedPolicy bounds;
    private final double delta;
    private double lambda;
    private double spent;
    private long decisions;

    public BudgetedPolicy(double delta, double fallbackThreshold) {
        this.bounds = new VerifiedPolicy(delta, fallbackThreshold);
        this.delta = delta;
        this.lambda = delta;
    }

    @Override
    public synchronized Decision decide(double similarity, List<Observation> own, List<Observation> pooled, RandomGenerator random) {
        decisions++;
        Optional<ThresholdFit> fit = bounds.fit(own, pooled);
        if (fit.isEmpty()) {
            return new Decision(similarity >= bounds.fallbackThreshold(), Double.NaN, Double.NaN, Basis.FALLBACK);
        }
        double risk = 1 - ThresholdFit.sigmoid(fit.get().gamma() * (similarity - fit.get().threshold()));
        boolean reuse = risk <= lambda && spent + risk <= delta * decisions;
        if (reuse) {
            spent += risk;
        }
        // pace: reuse more freely while under budget, less as the spending approaches it
        lambda = spent < 0.95 * delta * decisions ? Math.min(MAX_LAMBDA, lambda * STEP) : Math.max(delta / 4, lambda / STEP);
        return new Decision(reuse, reuse ? 0 : 1, fit.get().threshold(), Basis.LEARNED);
    }

    /** The per-reuse risk currently accepted. */
    public synchronized double lambda() {
        return lambda;
    }
}
