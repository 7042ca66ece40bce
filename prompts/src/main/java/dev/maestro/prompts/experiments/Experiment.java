package dev.maestro.prompts.experiments;

import dev.maestro.core.Ensure;

import java.util.HashSet;
import java.util.List;

/**
 * Two or more versions of one prompt sharing traffic by Thompson sampling on thumbs up/down.
 *
 * @param id       the experiment's name, as {@code maestro prompts experiments show ID} takes it
 * @param promptId the prompt whose versions compete, e.g. {@code general.system}
 * @param versions the competing versions (the arms), at least two, distinct
 * @param minShare the traffic each arm keeps for exploration, from 0 to 1/arms
 * @param winnerAt the posterior probability of being best at which an arm is declared the winner, above 0.5 and below 1
 * @param minVotes the votes every arm needs before a winner may be declared
 * @param minLift  how much higher than every other arm's the winner's thumbs-up rate must be, with probability
 *                 {@code winnerAt}; without it, checking after every vote declares a winner between equal arms
 *                 sooner or later
 */
public record Experiment(String id, String promptId, List<Integer> versions, double minShare, double winnerAt, int minVotes,
                         double minLift) {

    public static final double DEFAULT_MIN_SHARE = 0.1;
    public static final double DEFAULT_WINNER_AT = 0.99;
    public static final int DEFAULT_MIN_VOTES = 100;
    public static final double DEFAULT_MIN_LIFT = 0.05;

    public Experiment {
        Ensure.notBlank(id, "id");
        Ensure.notBlank(promptId, "promptId");
        versions = List.copyOf(versions);
        String at = "Prompt experiment '" + id + "'";
        if (versions.size() < 2 || new HashSet<>(versions).size() != versions.size()) {
            throw new IllegalArgumentException(at + " needs two or more distinct versions, was " + versions);
        }
        if (!(minShare >= 0 && minShare * versions.size() <= 1)) {
            throw new IllegalArgumentException(at + ": min-share must be between 0 and 1/" + versions.size() + ", was " + minShare);
        }
        if (!(winnerAt > 0.5 && winnerAt < 1)) {
            throw new IllegalArgumentException(at + ": winner-at must be above 0.5 and below 1, was " + winnerAt);
        }
        if (minVotes < 0) {
            throw new IllegalArgumentException(at + ": min-votes must not be negative, was " + minVotes);
        }
        if (!(minLift >= 0 && minLift < 1)) {
            throw new IllegalArgumentException(at + ": min-lift must be at least 0 and below 1, was " + minLift);
        }
    }

    /** With the default {@link #DEFAULT_MIN_LIFT min-lift}. */
    public Experiment(String id, String promptId, List<Integer> versions, double minShare, double winnerAt, int minVotes) {
        this(id, promptId, versions, minShare, winnerAt, minVotes, DEFAULT_MIN_LIFT);
    }
}
