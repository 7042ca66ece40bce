package dev.maestro.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maestro.Maestro;
import dev.maestro.ToolInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code maestro tools}: what the configured agents may call. */
@Command(name = "tools", mixinStandardHelpOptions = true, description = "The tools the configured agents may call.",
        subcommands = {ToolsCommand.ListTools.class})
final class ToolsCommand implements Runnable {

    @ParentCommand
    MaestroCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (see maestro tools --help).");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List every tool each agent may call, with its source (builtin, class:…, mcp:…), risk level and "
                    + "argument schema. MCP servers the agents name are started to list their tools, then stopped; "
                    + "the database is not opened."})
    static final class ListTools implements Runnable {

        @ParentCommand
        ToolsCommand parent;

        @Option(names = "--agent", paramLabel = "NAME", description = "Only this agent's tools.")
        String agent;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        public void run() {
            List<ToolInfo> tools = Maestro.tools(parent.root.context().config(), agent);
            PrintStream out = parent.root.context().out();
            if (json) {
                out.println(json(tools));
                return;
            }
            Map<String, List<ToolInfo>> byAgent = new LinkedHashMap<>();
            tools.forEach(t -> byAgent.computeIfAbsent(t.agent(), a -> new java.util.ArrayList<>()).add(t));
            if (byAgent.isEmpty()) {
                out.println(agent == null ? "No agent declares tools (add tools: [...] to an agent in the agents file)."
                        : "Agent " + agent + " declares no tools.");
                return;
            }
            byAgent.forEach((name, list) -> {
                out.printf(Locale.ROOT, "%s (%d tool%s)%n", name, list.size(), list.size() == 1 ? "" : "s");
                for (ToolInfo t : list) {
                    out.printf(Locale.ROOT, "  %-24s %-9s %-18s %s%n", t.name(), t.risk().name().toLowerCase(Locale.ROOT), t.source(),
                            oneLine(t.description()));
                    out.println("      " + t.schema());
                }
            });
        }

        private static String json(List<ToolInfo> tools) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode array = mapper.createArrayNode();
            try {
                for (ToolInfo t : tools) {
                    ObjectNode n = array.addObject();
                    n.put("agent", t.agent()).put("name", t.name()).put("source", t.source())
                            .put("risk", t.risk().name().toLowerCase(Locale.ROOT)).put("description", t.description());
                    n.set("schema", mapper.readTree(t.schema()));
                }
                return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String oneLine(String s) {
            String line = s.replaceAll("\\s+", " ").strip();
            return line.length() > 100 ? line.substring(0, 99) + "…" : line;
        }
    }
}
