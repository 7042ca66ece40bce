package dev.maestro.graph;

import java.util.Map;

/**
 * A tool call that waits for an operator's approval (a write or dangerous tool of a non-autonomous agent, or any tool
 * of a supervised one).
 *
 * @param agent     the agent whose model asked for it
 * @param tool      the tool's name
 * @param arguments its arguments as JSON, or {@code [redacted]} when the graph redacts them
 * @param risk      {@code read}, {@code write} or {@code dangerous}
 * @since 0.1
 */
public record PendingToolCall(String agent, String tool, String arguments, String risk) {

    static PendingToolCall of(Map<String, Object> pending) {
        return new PendingToolCall(text(pending, "agent"), text(pending, "tool"), text(pending, "arguments"), text(pending, "risk"));
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
    }
}
