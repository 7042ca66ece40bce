package dev.maestro;

import dev.maestro.tools.RiskLevel;

/**
 * One tool an agent may call, as {@code maestro tools list} shows it.
 *
 * @param agent       the agent that declares it
 * @param name        what the model calls it ({@code server.tool} for MCP tools)
 * @param source      {@code builtin}, {@code class:<fqcn>} or {@code mcp:<server>}
 * @param risk        whether a call needs approval (write and dangerous do, unless the agent is autonomous)
 * @param description what the model is told it does
 * @param schema      the JSON schema of its arguments
 * @since 0.1
 */
public record ToolInfo(String agent, String name, String source, RiskLevel risk, String description, String schema) {
}
