package dev.maestro.prompts.experiments;

import dev.maestro.prompts.Prompt;
import dev.maestro.prompts.PromptLibrary;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

/** Users who vote thumbs up with a known true rate per prompt version, each conversation three turns long. */
final class SimulatedUsers {

    static final String PROMPT = "test.greeting";

    record Outcome(ExperimentSummary summary, OptionalInt winner, int declaredAtTurn) {
        double share(int version) {
            return summary.arms().stream().filter(a -> a.version() == version).findFirst().orElseThrow().share();
        }
    }

    private SimulatedUsers() {
    }

    static Outcome run(Experiment experiment, Map<Integer, Double> trueRates, int turns, long seed) {
        ExperimentStore store = new InMemoryExperimentStore();
        PromptExperiments experiments = new PromptExperiments(List.of(experiment), PromptLibrary.standard(), store, new ThompsonSampler(seed));
        Random users = new Random(seed + 1);
        int declaredAt = -1;
        for (int t = 0; t < turns; t++) {
            Prompt answered = experiments.choose(PROMPT, "conversation-" + t / 3);
            experiments.recordVote(answered.ref(), "run-" + t, users.nextDouble() < trueRates.get(answered.version()));
            if (declaredAt < 0 && store.winner(experiment.id()).isPresent()) {
                declaredAt = t + 1;
            }
        }
        return new Outcome(experiments.summary(experiment), store.winner(experiment.id()), declaredAt);
    }
}
