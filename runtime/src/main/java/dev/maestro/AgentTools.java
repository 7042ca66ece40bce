package dev.maestro;

import dev.maestro.agents.AgentSpec;
import dev.maestro.agents.ToolLoopLimits;
import dev.maestro.core.ConfigException;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.McpServerSettings;
import dev.maestro.memory.RecallHit;
import dev.maestro.rag.RetrievalRequest;
import dev.maestro.rag.Retriever;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolBox;
import dev.maestro.tools.ToolException;
import dev.maestro.tools.ToolRegistry;
import dev.maestro.tools.ToolSchema;
import dev.maestro.tools.builtin.CalculatorTool;
import dev.maestro.tools.builtin.CurrentTimeTool;
import dev.maestro.tools.builtin.HttpGetTool;
import dev.maestro.tools.builtin.SearchTool;
import dev.maestro.tools.builtin.Workspace;
import dev.maestro.tools.mcp.McpServerConfig;
import dev.maestro.tools.mcp.McpServers;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools agents may call, built from the configuration: {@code current_time} and {@code calculator} always;
 * {@code retrieval_search} with the researcher's retriever; {@code memory_search} with memory; the file tools with
 * {@code tools.workspace}; {@code http_get} with {@code tools.http-allow}; the {@code mcp.servers}; and the user's
 * {@code class:} {@code @Tool} classes. A tool whose setting is missing fails the start, naming the setting, rather
 * than being left out silently. MCP servers start on an agent's first use and stop when {@link #close()} is called.
 */
final class AgentTools implements AutoCloseable {

    /** Built-in tools that exist only when a setting provides what they work on, and that setting. */
    private static final Map<String, String> NEEDS = Map.of(
            "read_file", "tools.workspace (MAESTRO_TOOLS_WORKSPACE), the folder the file tools may use",
            "list_files", "tools.workspace (MAESTRO_TOOLS_WORKSPACE), the folder the file tools may use",
            "write_file", "tools.workspace (MAESTRO_TOOLS_WORKSPACE), the folder the file tools may use",
            HttpGetTool.NAME, "tools.http-allow (MAESTRO_TOOLS_HTTP_ALLOW), the hosts http_get may fetch from",
            SearchTool.MEMORY, "conversational memory, which this Maestro runs without",
            SearchTool.RETRIEVAL, "the document retriever, which this Maestro runs without");

    private final ToolRegistry registry;
    private final McpServers mcp;
    private final List<String> mcpNames;
    private final java.util.Set<String> builtinNames;
    private final ToolLoopLimits limits;

    private final boolean check;

    /**
     * @param check whether {@link #forAgent} checks declarations now; false for a graph built only to be described,
     *              which has neither memory nor retriever
     */
    AgentTools(AppConfig config, Retriever retriever, MemoryTurns memory, boolean check) {
        this(config, retriever == null ? null : retrievalSearcher(retriever), memory == null ? null : memorySearcher(memory), check);
    }

    /** Tools for listing: the searches are declared (so they can be shown) but have nothing behind them. */
    static AgentTools forListing(AppConfig config) {
        SearchTool.Searcher none = (query, limit, context) -> {
            throw new ToolException("not available in a listing");
        };
        return new AgentTools(config, none, none, true);
    }

    private AgentTools(AppConfig config, SearchTool.Searcher retrieval, SearchTool.Searcher memory, boolean check) {
        this.check = check;
        List<Tool> builtins = new ArrayList<>(List.of(new CurrentTimeTool(Clock.systemDefaultZone()), new CalculatorTool()));
        if (retrieval != null) {
            builtins.add(SearchTool.retrieval(MaestroRuntime.DEFAULT_COLLECTION, retrieval));
        }
        if (memory != null) {
            builtins.add(SearchTool.memory(memory));
        }
        config.toolsWorkspace().ifPresent(folder -> builtins.addAll(workspace(folder).tools()));
        if (!config.toolsHttpAllow().isEmpty()) {
            builtins.add(new HttpGetTool(config.toolsHttpAllow()));
        }
        this.builtinNames = builtins.stream().map(Tool::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
        ToolRegistry.Builder tools = ToolRegistry.builder().tools(builtins.toArray(Tool[]::new));
        this.mcp = McpServers.of(config.mcpServers().stream().map(AgentTools::mcpConfig).toList());
        this.mcpNames = config.mcpServers().stream().map(McpServerSettings::name).toList();
        this.registry = mcp.addTo(tools).build();
        this.limits = new ToolLoopLimits(config.toolsMaxIterations(), config.toolsCallTimeout(), config.toolsTurnBudget());
    }

    ToolLoopLimits limits() {
        return limits;
    }

    ToolRegistry registry() {
        return registry;
    }

    /**
     * The tools {@code spec} declares, checked now (so a typo fails the start, not a turn); empty when it declares none.
     * MCP entries are checked against the configured server names only: their servers start on first use.
     *
     * @throws ConfigException for a tool that matches nothing or whose setting is missing
     */
    ToolBox forAgent(AgentSpec spec) {
        List<String> entries = spec.toolEntries();
        if (!check) {
            return registry.box(spec.name(), entries);
        }
        List<String> local = new ArrayList<>();
        for (String entry : entries) {
            if (entry.startsWith(ToolRegistry.MCP_PREFIX)) {
                checkMcpEntry(spec, entry);
                continue;
            }
            if (!builtinNames.contains(entry) && NEEDS.containsKey(entry)) {
                throw new ConfigException("Agent " + spec.name() + " declares tool '" + entry + "', which needs " + NEEDS.get(entry)
                        + "; set it, or remove the tool from the agent");
            }
            local.add(entry);
        }
        registry.resolve(spec.name(), local);
        return registry.box(spec.name(), entries);
    }

    private void checkMcpEntry(AgentSpec spec, String entry) {
        String glob = entry.substring(ToolRegistry.MCP_PREFIX.length());
        String server = glob.contains(".") ? glob.substring(0, glob.indexOf('.')) : glob;
        boolean any = server.contains("*") ? mcpNames.stream().anyMatch(n -> n.matches(server.replace("*", ".*")))
                : mcpNames.contains(server);
        if (!any) {
            throw new ConfigException("Agent " + spec.name() + " declares tool '" + entry + "', but no MCP server "
                    + (server.contains("*") ? "matches '" + server + "'" : "is named '" + server + "'") + "; configured: "
                    + (mcpNames.isEmpty() ? "none (declare them under mcp.servers in maestro.yaml)" : mcpNames));
        }
    }

    /** What {@code spec} may call, with source, risk and schema; starts the MCP servers it names. */
    List<ToolInfo> list(AgentSpec spec) {
        return forAgent(spec).tools().stream().map(t -> new ToolInfo(spec.name(), t.name(), t.source(), t.risk(),
                t.specification().description() == null ? "" : t.specification().description(),
                ToolSchema.json(t.specification()))).toList();
    }

    @Override
    public void close() {
        mcp.close();
    }

    private static SearchTool.Searcher retrievalSearcher(Retriever retriever) {
        return (query, limit, context) -> retriever.retrieve(RetrievalRequest.of(query, limit)).stream()
                .map(hit -> new SearchTool.Hit(hit.title(), hit.text())).toList();
    }

    /** Searches the long-term memory of the conversation's own tenant and user, never anyone else's. */
    private static SearchTool.Searcher memorySearcher(MemoryTurns memory) {
        return (query, limit, context) -> {
            if (context.conversation().isEmpty()) {
                throw new ToolException("memory_search needs a conversation; it has none outside a chat turn");
            }
            List<SearchTool.Hit> hits = new ArrayList<>();
            for (RecallHit hit : memory.search(context.conversation(), query, limit)) {
                hits.add(new SearchTool.Hit(hit.item().kind().name().toLowerCase(java.util.Locale.ROOT) + " from "
                        + hit.item().validFrom(), hit.item().content()));
            }
            return hits;
        };
    }

    private static Workspace workspace(Path folder) {
        try {
            return Workspace.at(folder);
        } catch (UncheckedIOException e) {
            throw new ConfigException("tools.workspace: " + e.getMessage(), e);
        }
    }

    static McpServerConfig mcpConfig(McpServerSettings s) {
        Map<String, String> env = new LinkedHashMap<>(s.env());
        McpServerConfig c = s.command().isEmpty() ? McpServerConfig.http(s.name(), s.url(), s.headers())
                : McpServerConfig.stdio(s.name(), s.command(), env);
        return c.withStartTimeout(s.startTimeout());
    }
}
