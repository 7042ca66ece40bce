package dev.maestro.tools;

import java.util.List;

/**
 * Where a registry gets tools: the built-ins, one {@code @Tool} class, or one MCP server. Listing may be slow (an MCP
 * server starts on first use), so a registry asks only when an agent first needs the tools.
 *
 * @since 0.1
 */
public interface ToolSource {

    /** {@code builtin}, {@code class:<fqcn>} or {@code mcp:<server>}. */
    String id();

    /** The tools it offers now; throws {@link ToolException} naming the source when it cannot list them. */
    List<Tool> tools();

    static ToolSource of(String id, List<Tool> tools) {
        List<Tool> copy = List.copyOf(tools);
        return new ToolSource() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public List<Tool> tools() {
                return copy;
            }
        };
    }
}
