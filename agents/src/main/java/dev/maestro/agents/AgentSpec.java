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
 * @param tools       what it may use: {@code retrieval} (sources fetched before it answers), built-in tool names
 *                    ({@code calculator}, {@code current_time}, {@code http_get}, {@code read_file}, {@code list_files},
 *                    {@code write_file}, {@code retrieval_search}, {@code memory_search}), {@code class:com.acme.MyTools}
 *                    for the {@code @Tool} methods of a class, {@code mcp:server.tool} or globs such as {@code mcp:github.*}
 * @param examples    utterances that should route to it
 * @param autonomous  whether its WRITE and DANGEROUS tool calls run without an operator's approval
 * @param fallback    models tried in order when its own fails before the first token ({@code ollama:NAME},
 *                    {@code openai:NAME} or a name of the configured provider); {@code chat.fallback} follows them
 * @param cascade     its confidence cascade (small model first, large on a failed check); null for none, the default
 * @since 0.1
 */
public record AgentSpec(String name, Role role, String description, String prompt, String model,
                        @JsonProperty("large-model") String largeModel, boolean supervised, List<String> tools,
                        List<String> examples, boolean autonomous, List<String> fallback, CascadeSpec cascade) {

    public enum Role {
        @com.fasterxml.jackson.annotation.JsonProperty("answer") ANSWER,
        @com.fasterxml.jackson.annotation.JsonProperty("planner") PLANNER,
        @com.fasterxml.jackson.annotation.JsonProperty("reviewer") REVIEWER
    }

    /** The pre-answer retrieval of the researcher: not a tool the model calls. */
    public static final String RETRIEVAL = "retrieval";
    /** Plain names an agent may list: {@link #RETRIEVAL} and the built-in tools. */
    public static final Set<String> TOOLS = builtIns();
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern CLASS_ENTRY = Pattern.compile("class:[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");
    private static final Pattern MCP_ENTRY = Pattern.compile("mcp:(\\*|[a-z][a-z0-9_-]{0,31}\\.[A-Za-z0-9_.*-]+)");

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
            boolean ok = TOOLS.contains(tool) || CLASS_ENTRY.matcher(tool).matches() || MCP_ENTRY.matcher(tool).matches();
            if (!ok) {
                throw new IllegalArgumentException("Agent " + name + " names unknown tool '" + tool + "'; known tools: "
                        + new java.util.TreeSet<>(TOOLS) + ", class:<fully.qualified.Class>, mcp:<server>.<tool or glob>, mcp:*");
            }
        }
        examples = examples == null ? List.of() : List.copyOf(examples);
        fallback = fallback == null ? List.of() : List.copyOf(fallback);
        for (String f : fallback) {
            if (f == null || f.isBlank()) {
                throw new IllegalArgumentException("Agent " + name + " lists an empty fallback model; write ollama:NAME or openai:NAME");
            }
        }
        if (cascade != null && largeModel.isEmpty()) {
            throw new IllegalArgumentException("Agent " + name + " declares a cascade but no large-model to escalate to; add large-model");
        }
    }

    /** The spec without a cascade. */
    public AgentSpec(String name, Role role, String description, String prompt, String model, String largeModel,
                     boolean supervised, List<String> tools, List<String> examples, boolean autonomous, List<String> fallback) {
        this(name, role, description, prompt, model, largeModel, supervised, tools, examples, autonomous, fallback, null);
    }

    /** The spec without fallback models of its own. */
    public AgentSpec(String name, Role role, String description, String prompt, String model, String largeModel,
                     boolean supervised, List<String> tools, List<String> examples, boolean autonomous) {
        this(name, role, description, prompt, model, largeModel, supervised, tools, examples, autonomous, List.of(), null);
    }

    /** The spec as it was before tools and autonomy: no tool calls beyond {@code tools}' retrieval. */
    public AgentSpec(String name, Role role, String description, String prompt, String model, String largeModel,
                     boolean supervised, List<String> tools, List<String> examples) {
        this(name, role, description, prompt, model, largeModel, supervised, tools, examples, false, List.of(), null);
    }

    public boolean uses(String tool) {
        return tools.contains(tool);
    }

    /** The entries naming tools the model calls, for a {@code ToolRegistry}: every entry but {@link #RETRIEVAL}. */
    public List<String> toolEntries() {
        return tools.stream().filter(t -> !t.equals(RETRIEVAL)).toList();
    }

    private static Set<String> builtIns() {
        Set<String> names = new java.util.LinkedHashSet<>();
        names.add(RETRIEVAL);
        names.addAll(dev.maestro.tools.builtin.BuiltinTools.NAMES);
        return java.util.Collections.unmodifiableSet(names);
    }
}
