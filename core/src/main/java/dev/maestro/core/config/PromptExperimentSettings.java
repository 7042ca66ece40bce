package dev.maestro.core.config;

import java.util.List;

/**
 * One entry of {@code prompts.experiments} in {@code maestro.yaml}: versions of one prompt that share traffic until a
 * winner is declared. The prompts module checks the ranges and that the versions exist.
 *
 * @param id       the experiment's name
 * @param prompt   the prompt id whose versions compete, e.g. {@code general.system}
 * @param versions the competing versions
 * @param minShare the traffic each version keeps for exploration
 * @param winnerAt the posterior probability of being best that declares a winner
 * @param minVotes the votes each version needs before a winner may be declared
 * @param minLift  how much higher the winner's thumbs-up rate must be than every other's (with probability winnerAt)
 */
public record PromptExperimentSettings(String id, String prompt, List<Integer> versions, double minShare, double winnerAt, int minVotes,
                                       double minLift) {

    public PromptExperimentSettings {
        versions = List.copyOf(versions);
    }
}
