package dev.maestro.agents;

/**
 * The answer to "may this WRITE or DANGEROUS call run?", asked of the caller through {@link TokenSink#approve}.
 * {@link #PENDING} means nobody has decided yet: the agent stops with {@link ToolApprovalRequired} and, once the
 * operator decides, the turn is run again and the call asked about again.
 *
 * @since 0.1
 */
public enum ToolApproval {
    APPROVED, REJECTED, PENDING
}
