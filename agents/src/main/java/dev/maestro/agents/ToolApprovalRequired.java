package dev.maestro.agents;

import dev.maestro.core.MaestroException;

/**
 * Thrown by an agent whose model asked for a call that needs an operator's approval nobody has given yet. Everything
 * the loop completed before it is in the {@link ToolJournal}, so asking again after the decision repeats nothing.
 *
 * @since 0.1
 */
public final class ToolApprovalRequired extends MaestroException {

    private final transient ToolCall call;

    public ToolApprovalRequired(String agent, ToolCall call) {
        super("Agent " + agent + " waits for approval to call " + call.tool() + " (" + call.risk() + ")");
        this.call = call;
    }

    public ToolCall call() {
        return call;
    }
}
