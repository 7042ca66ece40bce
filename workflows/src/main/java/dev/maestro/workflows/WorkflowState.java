package dev.maestro.workflows;

import org.bsc.langgraph4j.state.AgentState;
import org.bsc.langgraph4j.state.Channel;
import org.bsc.langgraph4j.state.Channels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of a workflow run: run inputs and step outputs by name ({@value #VALUES}) and each finished step's
 * outcome ({@value #STEPS}: done, skipped or failed). Both merge key by key, which LangGraph4j 1.8.17's double
 * reduction under parallel branches leaves unchanged. Values are JSON-native so checkpoints store as JSON.
 *
 * @since 0.1
 */
public final class WorkflowState extends AgentState {

    public static final String VALUES = "values";
    public static final String STEPS = "steps";
    public static final String DONE = "done";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    static final Map<String, Channel<?>> SCHEMA = Map.of(
            VALUES, Channels.<Map<String, Object>>base(WorkflowState::merge, LinkedHashMap::new),
            STEPS, Channels.<Map<String, Object>>base(WorkflowState::merge, LinkedHashMap::new));

    public WorkflowState(Map<String, Object> data) {
        super(data);
    }

    public Map<String, Object> values() {
        return this.<Map<String, Object>>value(VALUES).orElse(Map.of());
    }

    /** Step id to outcome, for the steps that finished. */
    public Map<String, Object> steps() {
        return this.<Map<String, Object>>value(STEPS).orElse(Map.of());
    }

    static Map<String, Object> merge(Map<String, Object> current, Map<String, Object> update) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (current != null) {
            merged.putAll(current);
        }
        if (update != null) {
            merged.putAll(update);
        }
        return merged;
    }
}
