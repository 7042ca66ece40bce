package dev.maestro.agents;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.maestro.core.Ensure;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An agent declared in configuration, so adding one needs no Java.
 *
 * @param name        unique name: the route and the graph node id
 * @param role        {@code answer} (routed to), {@code planner} or {@code reviewer}
 * @param description what it handles, shown to the LLM router
 * @param prompt      id of its system prompt in the prompt library, e.g. {@code coder.system}
 * @param model       chat model for simple and moderate requests; empty means the configured default
 * @param largeModel  chat model for complex requests; empty means {@code model}
 * @param supervised  whether a person must approve each run before it happens
 * @param tools       what it may use: {@code retrieval}
 * @param examples    utterances that should route to it
 * @since 0.1
 */
public record AgentSpec(String name, Role role, String description, String prompt, String model,
                        @JsonProperty("large-model") String largeModel, boolean supervised, List<String> tools,
                        List<String> examples) {

    public enum Role {
        @com.fasterxml.jackson.annotation.JsonProperty("answer") ANSWER,
        @com.fasterxml.jackson.annotation.JsonProperty("planner") PLANNER,
        @com.fasterxml.jackson.annotation.JsonProperty("reviewer") REVIEWER
    }

    public static final Set<String> TOOLS = Set.of("retrieval");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public AgentSpec {
        Ensure.notBlank(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Agent name '" + name + "' must be lower-case letters, digits or '-', starting with a letter (max 32)");
        }
        role = role == null ? Role.ANSWER : role;
        description = description == null ? "" : description.strip();
        Ensure.notBlank(prompt, "prompt of agent " + name);
        model = model == null ? "" : model.strip();
        largeModel = largeModel == null ? "" : largeModel.strip();
        tools = tools == null ? List.of() : List.copyOf(tools);
        for (String tool : tools) {
            if (!TOOLS.contains(tool)) {
                throw new IllegalArgumentException("Agent " + name + " names unknown tool '" + tool + "'; known tools: " + TOOLS);
            }
        }
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    public boolean uses(String tool) {
        return tools.contains(tool);
    }
}
