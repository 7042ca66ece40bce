package dev.maestro.tools.bench;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.maestro.core.Ensure;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolInvoker;
import dev.maestro.tools.ToolResult;
import dev.maestro.tools.mcp.McpServer;
import dev.maestro.tools.mcp.McpServerConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The core of {@code maestro bench tools}' MCP half: one stdio MCP server's {@code echo} called through Maestro (the
 * {@link ToolInvoker} on an {@link McpServer}'s tool: schema check, timeout, crash watch) and directly with LangChain4j's
 * MCP client on a second copy of the server, taking turns (which goes first alternates), after a warm-up. Goal: p50 ratio ≤ 1.2.
 *
 * @since 0.1
 */
public final class McpEchoBenchmark {

    /** The figures of one run. */
    public record Result(Percentiles maestro, Percentiles direct) {
        public double p50Ratio() {
            return maestro.p50Micros() / direct.p50Micros();
        }

        public double p95Ratio() {
            return maestro.p95Micros() / direct.p95Micros();
        }
    }

    private McpEchoBenchmark() {
    }

    /** {@code command} starts a server with an {@code echo} tool taking {@code message} (server-everything's). */
    public static Result run(List<String> command, int warmup, int measured) {
        Ensure.positive(measured, "measured");
        ToolInvoker invoker = new ToolInvoker();
        try (McpServer server = new McpServer(McpServerConfig.stdio("bench", command, Map.of()));
             DefaultMcpClient direct = DefaultMcpClient.builder().key("direct").autoHealthCheck(false)
                     .transport(StdioMcpTransport.builder().command(command).environment(Map.of()).build()).build()) {
            Tool echo = server.tools().stream().filter(t -> t.name().equals("bench.echo")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the server has no echo tool; use server-everything"));
            long[] viaMaestro = new long[measured];
            long[] viaClient = new long[measured];
            for (int i = -warmup; i < measured; i++) {
                String args = "{\"message\":\"ping " + i + "\"}";
                // Which side goes first alternates: the second call of a pair finds the server already awake.
                boolean maestroFirst = (i & 1) == 0;
                long[] d = new long[2];
                String[] texts = new String[2];
                for (int side = 0; side < 2; side++) {
                    boolean maestro = (side == 0) == maestroFirst;
                    long t0 = System.nanoTime();
                    if (maestro) {
                        ToolResult r = invoker.invoke(echo, args, Duration.ofSeconds(30));
                        texts[0] = r.ok() ? r.text() : "error: " + r.text();
                    } else {
                        texts[1] = direct.executeTool(ToolExecutionRequest.builder().name("echo").arguments(args).build()).resultText();
                    }
                    d[maestro ? 0 : 1] = System.nanoTime() - t0;
                }
                if (!texts[0].equals(texts[1])) {
                    throw new IllegalStateException("the two echoes differ: " + texts[0] + " / " + texts[1]);
                }
                if (i >= 0) {
                    viaMaestro[i] = d[0];
                    viaClient[i] = d[1];
                }
            }
            return new Result(Percentiles.of(viaMaestro), Percentiles.of(viaClient));
        }
    }

    /** {@code java ... McpEchoBenchmark node path/to/server-everything/dist/index.js stdio}. */
    public static void main(String[] args) {
        Result r = run(List.of(args), 500, 2000);
        System.out.printf(java.util.Locale.ROOT, "MCP stdio echo through Maestro: %s%nMCP stdio echo directly:        %s%np50 ratio %.2f, p95 ratio %.2f (goal p50 ≤ 1.2)%n",
                r.maestro(), r.direct(), r.p50Ratio(), r.p95Ratio());
    }
}
