package dev.maestro.tools;

/**
 * How much harm a tool call can do. {@link #READ} tools run without asking; {@link #WRITE} and {@link #DANGEROUS}
 * ones wait for an operator's approval unless the agent is marked autonomous.
 *
 * @since 0.1
 */
public enum RiskLevel {
    /** Looks things up; changes nothing. */
    READ,
    /** Changes something that can be undone or inspected (a file in the workspace). */
    WRITE,
    /** Changes something outside Maestro's control, or cannot be undone. */
    DANGEROUS;

    public boolean needsApproval() {
        return this != READ;
    }
}
