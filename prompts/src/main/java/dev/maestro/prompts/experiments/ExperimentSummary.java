package dev.maestro.prompts.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * An experiment's state as {@code maestro prompts experiments show} prints it.
 *
 * @param winner the declared winner, if one was
 */
public record ExperimentSummary(Experiment experiment, List<Arm> arms, OptionalInt winner) {

    /**
     * One arm.
     *
     * @param share        its fraction of all turns (0 when there were none)
     * @param mean         the posterior mean thumbs-up rate
     * @param low          the 95 % credible interval's lower end
     * @param high         its upper end
     * @param probabilityBest the posterior probability that this arm is the best
     */
    public record Arm(int version, long turns, double share, long up, long down, double mean, double low, double high,
                      double probabilityBest) {
    }

    public ExperimentSummary {
        arms = List.copyOf(arms);
    }

    public static ExperimentSummary of(Experiment experiment, List<ArmStats> stats, OptionalInt winner) {
        long total = stats.stream().mapToLong(ArmStats::turns).sum();
        double[] best = ProbabilityBest.of(stats);
        List<Arm> arms = new ArrayList<>();
        for (int i = 0; i < stats.size(); i++) {
            ArmStats s = stats.get(i);
            BetaPosterior posterior = BetaPosterior.of(s);
            double[] interval = posterior.interval(0.95);
            arms.add(new Arm(s.version(), s.turns(), total == 0 ? 0 : (double) s.turns() / total, s.up(), s.down(),
                    posterior.mean(), interval[0], interval[1], best[i]));
        }
        return new ExperimentSummary(experiment, arms, winner);
    }
}
