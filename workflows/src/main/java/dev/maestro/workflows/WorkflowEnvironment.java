package dev.maestro.workflows;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a workflow may name, for validation: the agents ({@code @name}), the tools and the other workflows.
 *
 * @param agents    agent names without {@code @}
 * @param tools     tool names; {@code mcp:server.tool} entries are accepted by shape, since their servers are not started
 * @param workflows names of workflows a step may run as a sub-workflow
 * @since 0.1
 */
public record WorkflowEnvironment(Set<String> agents, Set<String> tools, Set<String> workflows) {

    private static final Pattern MCP = Pattern.compile("mcp:[a-z][a-z0-9_-]{0,31}\\.[A-Za-z0-9_.-]+");

    public WorkflowEnvironment {
        agents = Set.copyOf(agents);
        tools = Set.copyOf(tools);
        workflows = Set.copyOf(workflows);
    }

    public boolean knowsTool(String tool) {
        return tools.contains(tool) || MCP.matcher(tool).matches();
    }

    public WorkflowEnvironment withWorkflows(Set<String> names) {
        return new WorkflowEnvironment(agents, tools, names);
    }
}
