package dev.maestro.prompts.experiments;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.util.List;

/**
 * Picks an arm: with probability {@code arms × minShare} uniformly (so every arm keeps at least its minimum share),
 * else the arm whose posterior draw is highest. Thread-safe; a fixed seed gives a fixed sequence of choices.
 */
public final class ThompsonSampler {

    private final RandomGenerator random;

    public ThompsonSampler(long seed) {
        this.random = new Well19937c(seed);
    }

    public synchronized int choose(Experiment experiment, List<ArmStats> arms) {
        if (random.nextDouble() < arms.size() * experiment.minShare()) {
            return arms.get(random.nextInt(arms.size())).version();
        }
        int best = 0;
        double bestDraw = -1;
        for (int i = 0; i < arms.size(); i++) {
            double draw = BetaPosterior.of(arms.get(i)).sample(random);
            if (draw > bestDraw) {
                bestDraw = draw;
                best = i;
            }
        }
        return arms.get(best).version();
    }
}
