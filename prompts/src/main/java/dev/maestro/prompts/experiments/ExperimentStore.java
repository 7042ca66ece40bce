package dev.maestro.prompts.experiments;

import java.util.List;
import java.util.OptionalInt;

/** Where an experiment's assignments, traffic, votes and winner are kept, so that every instance agrees. */
public interface ExperimentStore {

    /** One entry per version of the experiment, in its order; zeros for an arm that has seen nothing. */
    List<ArmStats> stats(Experiment experiment);

    /** The version a conversation was given, if it was given one. */
    OptionalInt assignment(String experimentId, String conversation);

    /** Gives a conversation a version unless it has one; returns the one it has now (the first writer wins). */
    int assign(String experimentId, String conversation, int version);

    /** Counts one turn answered by {@code version}. */
    void recordTurn(String experimentId, int version);

    /** Records a vote on an answer of {@code version}; a second vote with the same key replaces the first. */
    void recordVote(String experimentId, String key, int version, boolean up);

    OptionalInt winner(String experimentId);

    /** Records the winner unless one is recorded already. */
    void declareWinner(String experimentId, int version, double probability);
}
