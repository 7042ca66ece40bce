package dev.maestro.cli;

import dev.maestro.agents.bench.ToolLoopBenchmark;
import dev.maestro.core.ConfigException;
import dev.maestro.tools.bench.McpEchoBenchmark;
import dev.maestro.tools.bench.Percentiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code maestro bench tools}: Maestro's own cost per tool-loop iteration, and an MCP stdio round trip through
 * Maestro against the same call made directly with the MCP client library.
 */
@Command(name = "tools", mixinStandardHelpOptions = true,
        description = {"Benchmark the tool layer: (1) Maestro's overhead per tool-loop iteration with an instant model and tool "
                + "(goal p50 <= 2 ms, p95 <= 5 ms); (2) an MCP stdio call to server-everything's echo through Maestro and "
                + "directly with the MCP client, in the same run (goal: p50 ratio <= 1.2). Needs node and the servers of "
                + "scripts/mcp-servers.sh for (2)."})
final class BenchToolsCommand implements Callable<Integer> {

    static final double LOOP_P50_GOAL_MS = 2.0;
    static final double LOOP_P95_GOAL_MS = 5.0;
    static final double MCP_RATIO_GOAL = 1.2;

    @ParentCommand
    BenchCommand parent;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "5000", description = "Timed loop iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--calls", paramLabel = "N", defaultValue = "2000", description = "Timed MCP calls per side (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--mcp-command", paramLabel = "CMD", split = " ",
            description = "Command starting an MCP server with an echo tool; default: node <repo>/.mcp-servers/…/server-everything/dist/index.js stdio.")
    List<String> mcpCommand;

    @Option(names = "--no-mcp", description = "Skip the MCP round trip.")
    boolean noMcp;

    @Override
    public Integer call() {
        if (iterations <= 0 || calls <= 0) {
            throw new ConfigException("--iterations and --calls must be > 0, were " + iterations + " and " + calls);
        }
        PrintStream out = parent.root.context().out();
        List<String> command = noMcp ? List.of() : mcpCommand();
        out.printf(Locale.ROOT, "tool loop: %d iterations after %d warm-up…%n", iterations, iterations / 2);
        Percentiles loop = ToolLoopBenchmark.run(iterations / 2, iterations);
        out.printf(Locale.ROOT, "tool loop, one iteration (instant model and tool): %s — goal p50 <= %.0f ms, p95 <= %.0f ms: %s%n",
                loop, LOOP_P50_GOAL_MS, LOOP_P95_GOAL_MS,
                loop.p50Micros() <= LOOP_P50_GOAL_MS * 1000 && loop.p95Micros() <= LOOP_P95_GOAL_MS * 1000 ? "met" : "MISSED");
        if (noMcp) {
            return ExitCodes.OK;
        }
        out.printf(Locale.ROOT, "MCP echo: %d calls per side after %d warm-up, server: %s%n", calls, calls / 4, String.join(" ", command));
        McpEchoBenchmark.Result r = McpEchoBenchmark.run(command, calls / 4, calls);
        out.printf(Locale.ROOT, "MCP stdio echo through Maestro: %s%n", r.maestro());
        out.printf(Locale.ROOT, "MCP stdio echo directly:        %s%n", r.direct());
        out.printf(Locale.ROOT, "p50 ratio %.2f, p95 ratio %.2f — goal p50 ratio <= %.1f: %s%n", r.p50Ratio(), r.p95Ratio(), MCP_RATIO_GOAL,
                r.p50Ratio() <= MCP_RATIO_GOAL ? "met" : "MISSED");
        return ExitCodes.OK;
    }

    private List<String> mcpCommand() {
        if (mcpCommand != null && !mcpCommand.isEmpty()) {
            return mcpCommand;
        }
        String dir = System.getenv("MAESTRO_MCP_SERVERS_DIR");
        Path servers = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("maestro.home", ".")).resolve(".mcp-servers");
        Path script = servers.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js").toAbsolutePath().normalize();
        if (!Files.isRegularFile(script)) {
            throw new ConfigException("server-everything is not installed at " + script + "; run bash scripts/mcp-servers.sh, "
                    + "pass --mcp-command, or --no-mcp to skip the MCP round trip");
        }
        return new ArrayList<>(List.of("node", script.toString(), "stdio"));
    }
}
