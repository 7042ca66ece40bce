package dev.maestro.prompts.experiments;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.util.List;

/**
 * The posterior probability that each arm has the highest thumbs-up rate, by Monte Carlo over a fixed seed, so the
 * same votes always give the same figures (and the stop rule cannot flip on a re-read).
 */
public final class ProbabilityBest {

    static final int DRAWS = 10_000;
    private static final long SEED = 16L;

    private ProbabilityBest() {
    }

    public static double[] of(List<ArmStats> arms) {
        return of(arms, 0);
    }

    /**
     * The probability that each arm beats every other by more than {@code margin} (0: the probability of being best;
     * above 0 the figures no longer add up to 1, the rest being "too close to call").
     */
    public static double[] of(List<ArmStats> arms, double margin) {
        RandomGenerator random = new Well19937c(SEED);
        List<BetaDistribution> posteriors = arms.stream().map(a -> BetaPosterior.of(a).sampler(random)).toList();
        long[] wins = new long[arms.size()];
        for (int d = 0; d < DRAWS; d++) {
            int best = 0;
            double bestDraw = -1;
            double second = -1;
            for (int i = 0; i < posteriors.size(); i++) {
                double draw = posteriors.get(i).sample();
                if (draw > bestDraw) {
                    second = bestDraw;
                    bestDraw = draw;
                    best = i;
                } else if (draw > second) {
                    second = draw;
                }
            }
            if (bestDraw - second > margin) {
                wins[best]++;
            }
        }
        double[] p = new double[arms.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (double) wins[i] / DRAWS;
        }
        return p;
    }
}
