package dev.maestro.prompts.experiments;

import java.util.List;
import java.util.OptionalInt;

/**
 * Declares a winner once every arm has {@code minVotes} votes and one arm's rate exceeds every other's by more than
 * {@code minLift} with probability ≥ {@code winnerAt}.
 */
public final class StopRule {

    private StopRule() {
    }

    public static OptionalInt winner(Experiment experiment, List<ArmStats> arms) {
        if (arms.stream().anyMatch(a -> a.votes() < experiment.minVotes())) {
            return OptionalInt.empty();
        }
        double[] p = ProbabilityBest.of(arms, experiment.minLift());
        for (int i = 0; i < p.length; i++) {
            if (p[i] >= experiment.winnerAt()) {
                return OptionalInt.of(arms.get(i).version());
            }
        }
        return OptionalInt.empty();
    }
}
