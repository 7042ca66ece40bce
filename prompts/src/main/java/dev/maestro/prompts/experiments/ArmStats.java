package dev.maestro.prompts.experiments;

/**
 * What one arm has seen so far.
 *
 * @param version the prompt version
 * @param up      thumbs up on its answers
 * @param down    thumbs down on its answers
 * @param turns   turns it answered (its traffic)
 */
public record ArmStats(int version, long up, long down, long turns) {

    public long votes() {
        return up + down;
    }

    public ArmStats withTurn() {
        return new ArmStats(version, up, down, turns + 1);
    }

    public ArmStats withVote(boolean thumbsUp) {
        return new ArmStats(version, up + (thumbsUp ? 1 : 0), down + (thumbsUp ? 0 : 1), turns);
    }
}
