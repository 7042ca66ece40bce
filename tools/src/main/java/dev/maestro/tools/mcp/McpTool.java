package dev.maestro.tools.mcp;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.McpToolMetadataKeys;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.maestro.tools.RiskLevel;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolException;

import java.util.Map;

/**
 * One tool of an MCP server. Its Maestro name is {@code server.tool}; the model sees it as {@code server__tool},
 * because OpenAI allows only letters, digits, {@code _} and {@code -} in function names. Its risk comes from the
 * server's annotations: read-only is {@link RiskLevel#READ}, destructive {@link RiskLevel#DANGEROUS}, else
 * {@link RiskLevel#WRITE}.
 */
final class McpTool implements Tool {

    static final String WIRE_SEPARATOR = "__";

    private final McpServer server;
    private final String mcpName;
    private final String name;
    private final ToolSpecification specification;
    private final RiskLevel risk;

    McpTool(McpServer server, ToolSpecification fromServer) {
        this.server = server;
        this.mcpName = fromServer.name();
        this.name = server.config().name() + "." + mcpName;
        this.specification = fromServer.toBuilder().name(server.config().name() + WIRE_SEPARATOR + mcpName).build();
        this.risk = risk(fromServer.metadata());
    }

    @Override
    public ToolSpecification specification() {
        return specification;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RiskLevel risk() {
        return risk;
    }

    @Override
    public String source() {
        return server.id();
    }

    @Override
    public String execute(String argumentsJson) {
        ToolExecutionResult result = server.call(mcpName, argumentsJson);
        if (result.isError()) {
            throw new ToolException("MCP tool " + name + " reported an error: " + result.resultText());
        }
        return result.resultText();
    }

    private static RiskLevel risk(Map<String, Object> metadata) {
        if (metadata == null) {
            return RiskLevel.WRITE;
        }
        if (Boolean.TRUE.equals(metadata.get(McpToolMetadataKeys.READ_ONLY_HINT))) {
            return RiskLevel.READ;
        }
        return Boolean.TRUE.equals(metadata.get(McpToolMetadataKeys.DESTRUCTIVE_HINT)) ? RiskLevel.DANGEROUS : RiskLevel.WRITE;
    }

    @Override
    public String toString() {
        return "McpTool[" + name + ", " + risk + "]";
    }
}
