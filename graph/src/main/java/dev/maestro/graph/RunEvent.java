package dev.maestro.graph;

import java.util.Map;

/**
 * Something that happened during a run, in order. The console, the SSE stream and the CLI all read these.
 *
 * @param type   what happened
 * @param node   the graph node it happened in, or empty
 * @param atMs   wall-clock time in epoch milliseconds
 * @param data   details, JSON-friendly (strings, numbers, booleans, lists, maps)
 * @since 0.1
 */
public record RunEvent(Type type, String node, long atMs, Map<String, Object> data) {

    public enum Type {
        RUN_STARTED, RESUMED, NODE_STARTED, NODE_FINISHED, NODE_FAILED, ROUTE, PLAN, RETRIEVAL, TOKEN, USAGE, REVIEW,
        /** An agent's tool call starts: agent, tool, call, arguments (or {@code [redacted]}), risk, iteration. */
        TOOL_CALL,
        /** A tool call ended: agent, tool, call, ok, ms, and error when not ok. */
        TOOL_RESULT,
        /**
         * An agent's confidence cascade decided: agent, small_model, large_model, escalated, check and reason (when
         * escalated), confidence (when self-assessed), small tokens, large_tokens_avoided, extra_tokens, extra_calls.
         */
        CASCADE,
        /**
         * The answer cache decided: agent, outcome ({@code hit}, {@code miss} or {@code bypass}), kind ({@code exact} or
         * {@code semantic}), similarity, age_seconds and entry (when there was an entry), reason (when bypassed or not stored).
         */
        CACHE,
        INTERRUPTED, RUN_FINISHED, RUN_FAILED
    }

    public RunEvent {
        node = node == null ? "" : node;
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public String text(String key) {
        Object v = data.get(key);
        return v == null ? "" : v.toString();
    }
}
