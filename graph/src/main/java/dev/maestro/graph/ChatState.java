package dev.maestro.graph;

import org.bsc.langgraph4j.state.AgentState;
import org.bsc.langgraph4j.state.Channel;
import org.bsc.langgraph4j.state.Channels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The graph's state. Every value is JSON-native (strings, numbers, booleans, lists, maps) so checkpoints are
 * stored as JSON and read back unchanged.
 *
 * <p>Results of agents are kept in a map keyed by task id and merged key by key. That merge is idempotent, which
 * matters: under parallel branches LangGraph4j 1.8.17 applies reducers twice, and its default appender drops
 * values whose hash codes collide — two agents that answer the same text would lose one answer.
 */
public final class ChatState extends AgentState {

    public static final String CONVERSATION = "conversation";
    public static final String TURN = "turn";
    public static final String QUESTION = "question";
    public static final String CONTEXT = "context";
    public static final String ROUTE = "route";
    public static final String TASKS = "tasks";
    public static final String RESULTS = "results";
    public static final String USAGE = "usage";
    public static final String ANSWER = "answer";
    public static final String REVIEW = "review";
    public static final String APPROVAL = "approval";
    public static final String FAILED_TURN = "failed_turn";
    /** A tool call waiting for an operator: turn, agent, task, call, tool, arguments, risk. */
    public static final String PENDING_TOOL = "pending_tool";

    static final Map<String, Channel<?>> SCHEMA = Map.of(
            RESULTS, Channels.<Map<String, Object>>base(ChatState::mergeByKey, LinkedHashMap::new),
            USAGE, Channels.<Map<String, Object>>base(ChatState::mergeByKey, LinkedHashMap::new));

    public ChatState(Map<String, Object> data) {
        super(data);
    }

    /** Key-by-key merge: applying the same update twice gives the same map, so double reduction is harmless. */
    static Map<String, Object> mergeByKey(Map<String, Object> current, Map<String, Object> update) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (current != null) {
            merged.putAll(current);
        }
        if (update != null) {
            merged.putAll(update);
        }
        return merged;
    }

    public String conversation() {
        return this.<String>value(CONVERSATION).orElse("");
    }

    public String turn() {
        return this.<String>value(TURN).orElse("");
    }

    public String question() {
        return this.<String>value(QUESTION).orElseThrow(() -> new IllegalStateException("state has no question"));
    }

    public String context() {
        return this.<String>value(CONTEXT).orElse("");
    }

    public Map<String, Object> route() {
        return this.<Map<String, Object>>value(ROUTE).orElse(Map.of());
    }

    /** Tasks chosen for this turn: maps with {@code id}, {@code agent}, {@code input}, {@code order}. */
    public List<Map<String, Object>> tasks() {
        return this.<List<Map<String, Object>>>value(TASKS).orElse(List.of());
    }

    /** Agent results of this turn, ordered by their task's order. */
    public List<Map<String, Object>> results() {
        Map<String, Object> byTask = this.<Map<String, Object>>value(RESULTS).orElse(Map.of());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object v : byTask.values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) v;
            out.add(result);
        }
        out.sort(Comparator.comparingInt(r -> ((Number) r.getOrDefault("order", 0)).intValue()));
        return out;
    }

    public Map<String, Object> usage() {
        return this.<Map<String, Object>>value(USAGE).orElse(Map.of());
    }

    public Optional<String> answer() {
        return value(ANSWER);
    }

    public Map<String, Object> review() {
        return this.<Map<String, Object>>value(REVIEW).orElse(Map.of());
    }

    public Map<String, Object> approval() {
        return this.<Map<String, Object>>value(APPROVAL).orElse(Map.of());
    }

    /** The tool call of this turn that waits for approval, or empty. */
    public Map<String, Object> pendingTool() {
        Map<String, Object> pending = this.<Map<String, Object>>value(PENDING_TOOL).orElse(Map.of());
        return turn().equals(pending.get("turn")) ? pending : Map.of();
    }

    public String failedTurn() {
        return this.<String>value(FAILED_TURN).orElse("");
    }
}
