package dev.maestro.tools;

/**
 * Who a tool call runs for: the conversation and the agent. Tools that read per-user state (memory search) need it;
 * most ignore it.
 *
 * @param conversation the conversation id, or empty when the caller has none (a benchmark, a test)
 * @param agent        the agent that asked for the call, or empty
 * @since 0.1
 */
public record ToolContext(String conversation, String agent) {

    /** No conversation: for calls made outside a turn. */
    public static final ToolContext NONE = new ToolContext("", "");

    public ToolContext {
        conversation = conversation == null ? "" : conversation;
        agent = agent == null ? "" : agent;
    }
}
