package dev.maestro.prompts.experiments;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/** The Beta posterior of an arm's thumbs-up rate under a uniform Beta(1, 1) prior. */
public record BetaPosterior(double alpha, double beta) {

    public static BetaPosterior of(ArmStats arm) {
        return new BetaPosterior(1 + arm.up(), 1 + arm.down());
    }

    public double mean() {
        return alpha / (alpha + beta);
    }

    /** The equal-tailed credible interval holding {@code level} of the posterior mass, e.g. 0.95. */
    public double[] interval(double level) {
        BetaDistribution d = new BetaDistribution(null, alpha, beta);
        double tail = (1 - level) / 2;
        return new double[] {d.inverseCumulativeProbability(tail), d.inverseCumulativeProbability(1 - tail)};
    }

    public double sample(RandomGenerator random) {
        return sampler(random).sample();
    }

    /** A distribution drawing from {@code random}, for many draws without rebuilding it. */
    public BetaDistribution sampler(RandomGenerator random) {
        return new BetaDistribution(random, alpha, beta);
    }
}
