package dev.maestro.tools.mcp;

import dev.maestro.tools.ToolRegistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The configured MCP servers, closed together at exit. None starts until an agent first needs its tools.
 *
 * <pre>{@code
 * try (McpServers servers = McpServers.of(List.of(McpServerConfig.stdio("fs", List.of("npx", "..."), Map.of())))) {
 *     ToolRegistry registry = servers.addTo(ToolRegistry.builder()).build();
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class McpServers implements AutoCloseable {

    private final List<McpServer> servers;

    private McpServers(List<McpServer> servers) {
        this.servers = List.copyOf(servers);
    }

    public static McpServers of(List<McpServerConfig> configs) {
        Set<String> names = new HashSet<>();
        List<McpServer> servers = new ArrayList<>();
        for (McpServerConfig c : configs) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("MCP server '" + c.name() + "' is declared twice");
            }
            servers.add(new McpServer(c));
        }
        return new McpServers(servers);
    }

    public List<McpServer> servers() {
        return servers;
    }

    public ToolRegistry.Builder addTo(ToolRegistry.Builder registry) {
        servers.forEach(registry::source);
        return registry;
    }

    /** Stops every server that was started; safe to call twice. */
    @Override
    public void close() {
        servers.forEach(McpServer::close);
    }
}
