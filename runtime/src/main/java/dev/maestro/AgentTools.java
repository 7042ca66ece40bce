package dev.maestro;

import dev.maestro.agents.AgentSpec;
import dev.maestro.core.ConfigException;
import dev.maestro.rag.RetrievalRequest;
import dev.maestro.rag.Retriever;
import dev.maestro.tools.ToolBox;
import dev.maestro.tools.ToolRegistry;
import dev.maestro.tools.builtin.CalculatorTool;
import dev.maestro.tools.builtin.CurrentTimeTool;
import dev.maestro.tools.builtin.SearchTool;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The tools agents may call in this version: {@code current_time}, {@code calculator}, {@code retrieval_search}
 * (over the researcher's collection) and the user's {@code class:} {@code @Tool} classes. The tools that need
 * settings this version does not read yet (the workspace folder, the {@code http_get} allow-list, MCP servers, and
 * memory search by user) fail the start, naming the agent and the tool, instead of being silently left out.
 */
final class AgentTools {

    /** Tools the tools module has but the runtime cannot configure yet. */
    static final Set<String> NOT_WIRED = Set.of("http_get", "read_file", "list_files", "write_file", SearchTool.MEMORY);

    private final ToolRegistry registry;

    AgentTools(Retriever retriever) {
        ToolRegistry.Builder tools = ToolRegistry.builder().tools(new CurrentTimeTool(Clock.systemDefaultZone()), new CalculatorTool());
        if (retriever != null) {
            tools.tools(SearchTool.retrieval(MaestroRuntime.DEFAULT_COLLECTION, (query, limit, context) -> retriever
                    .retrieve(RetrievalRequest.of(query, limit)).stream()
                    .map(hit -> new SearchTool.Hit(hit.title(), hit.text())).toList()));
        }
        this.registry = tools.build();
    }

    /**
     * The tools {@code spec} declares, checked now (so a typo fails the start, not a turn); empty when it declares none.
     *
     * @throws ConfigException for a tool that matches nothing or needs settings this version does not read
     */
    ToolBox forAgent(AgentSpec spec) {
        List<String> entries = spec.toolEntries();
        for (String entry : entries) {
            if (NOT_WIRED.contains(entry) || entry.startsWith(ToolRegistry.MCP_PREFIX)) {
                throw new ConfigException("Agent " + spec.name() + " declares tool '" + entry + "', which this version of Maestro"
                        + " cannot configure yet (the workspace folder, the http_get allow-list, MCP servers and memory search have"
                        + " no settings yet); use current_time, calculator, retrieval_search or class:<your @Tool class>");
            }
        }
        registry.resolve(spec.name(), entries);
        return registry.box(spec.name(), entries);
    }
}
