package dev.maestro.tools.mcp;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.maestro.core.Ensure;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolException;
import dev.maestro.tools.ToolRegistry;
import dev.maestro.tools.ToolSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One MCP server as a {@link ToolSource}, on LangChain4j's MCP client. It starts (or connects) on first use, is
 * started again on the next call after it crashed, and is closed by {@link #close()}. A server that fails to start or
 * to list its tools gives a {@link ToolException} naming it, how it was started, and the end of what it printed.
 *
 * @since 0.1
 */
public final class McpServer implements ToolSource, AutoCloseable {

    /** The client's own time limit for one call; Maestro's per-call timeout is normally the shorter one. */
    private static final Duration CLIENT_CALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration CRASH_CHECK_INTERVAL = Duration.ofMillis(200);
    private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();

    private final McpServerConfig config;
    private McpClient client;
    private StdioMcpTransport stdio;
    private StderrCapture stderr;
    private List<Tool> tools;
    private int starts;
    private boolean closed;

    public McpServer(McpServerConfig config) {
        this.config = Ensure.notNull(config, "config");
    }

    public McpServerConfig config() {
        return config;
    }

    @Override
    public String id() {
        return ToolRegistry.MCP_PREFIX + config.name();
    }

    /** How many times the server was started (or connected to): 1 after first use, more after restarts. */
    public synchronized int starts() {
        return starts;
    }

    @Override
    public synchronized List<Tool> tools() {
        McpClient c = running();
        if (tools == null) {
            List<ToolSpecification> specs;
            try {
                specs = c.listTools();
            } catch (RuntimeException e) {
                String printed = printed();
                stop();
                throw new ToolException("MCP server " + config.name() + " (" + config.describe() + ") started but could not list its tools: "
                        + rootMessage(e) + printed, e);
            }
            List<Tool> list = new ArrayList<>();
            for (ToolSpecification s : specs) {
                list.add(new McpTool(this, s));
            }
            tools = List.copyOf(list);
        }
        return tools;
    }

    /** Calls {@code tool} (its MCP name); a crash during the call becomes a {@link ToolException} and the next call restarts. */
    ToolExecutionResult call(String tool, String argumentsJson) throws InterruptedException {
        McpClient c;
        synchronized (this) {
            c = running();
        }
        ToolExecutionRequest request = ToolExecutionRequest.builder().name(tool).arguments(argumentsJson).build();
        Future<ToolExecutionResult> call = CALLS.submit(() -> c.executeTool(request));
        try {
            // The client does not always notice a killed process, so the call also watches the process.
            while (true) {
                try {
                    return call.get(CRASH_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    if (!alive(c)) {
                        throw crashed(c, tool, null);
                    }
                }
            }
        } catch (ExecutionException e) {
            if (!alive(c)) {
                throw crashed(c, tool, e.getCause());
            }
            if (e.getCause() instanceof ToolExecutionException reported && reported.errorCode() == null) {
                throw new ToolException("MCP tool " + config.name() + "." + tool + " reported an error: " + reported.getMessage(), reported);
            }
            throw new ToolException("MCP server " + config.name() + " failed the call to " + tool + ": " + rootMessage(e.getCause()), e.getCause());
        } finally {
            call.cancel(true);
        }
    }

    private synchronized ToolException crashed(McpClient c, String tool, Throwable cause) {
        String printed = client == c ? printed() : "";
        if (client == c) {
            stop();
        }
        return new ToolException("MCP server " + config.name() + " stopped during the call to " + tool
                + "; it will be started again on the next call." + printed, cause);
    }

    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }

    @Override
    public String toString() {
        return "McpServer[" + config + "]";
    }

    private McpClient running() {
        if (closed) {
            throw new ToolException("MCP server " + config.name() + " is closed (Maestro is shutting down).");
        }
        if (client != null && !alive()) {
            stop(); // it crashed between calls
        }
        if (client == null) {
            start();
        }
        return client;
    }

    private boolean alive() {
        return stdio == null || stdio.getProcess() == null || stdio.getProcess().isAlive();
    }

    private synchronized boolean alive(McpClient c) {
        return client == c && alive();
    }

    private void start() {
        McpTransport transport;
        if (config.isStdio()) {
            stderr = StderrCapture.create(config.name());
            stdio = StdioMcpTransport.builder().command(stderr.wrap(config.command())).environment(stderr.environment(config.env())).build();
            transport = stdio;
        } else {
            transport = StreamableHttpMcpTransport.builder().url(config.url()).customHeaders(config.headers())
                    .timeout(config.startTimeout()).build();
        }
        starts++;
        try {
            client = DefaultMcpClient.builder()
                    .key(config.name())
                    .clientName("maestro")
                    .transport(transport)
                    .initializationTimeout(config.startTimeout())
                    .toolExecutionTimeout(CLIENT_CALL_TIMEOUT)
                    .autoHealthCheck(false) // Maestro restarts a dead server itself, on the next call
                    .build();
        } catch (RuntimeException e) {
            String printed = printed();
            stopTransport(transport);
            throw new ToolException("MCP server " + config.name() + " (" + config.describe() + ") failed to start: "
                    + rootMessage(e) + printed + " Check the command (or URL) and run it by hand to see why.", e);
        }
    }

    private void stop() {
        tools = null;
        if (client != null) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing a dead server fails the same way it died
            }
        }
        client = null;
        stdio = null;
        if (stderr != null) {
            stderr.delete();
            stderr = null;
        }
    }

    private void stopTransport(McpTransport transport) {
        try {
            transport.close();
        } catch (Exception | Error ignored) {
            // the transport may never have started
        }
        stdio = null;
        client = null;
    }

    /** What the process printed on stderr, with its exit code if it exited, as a sentence for error messages. */
    private String printed() {
        StringBuilder out = new StringBuilder();
        if (stdio != null && stdio.getProcess() != null && !stdio.getProcess().isAlive()) {
            out.append(" It exited with code ").append(stdio.getProcess().exitValue()).append('.');
        }
        String tail = stderr == null ? "" : stderr.tail();
        if (!tail.isBlank()) {
            out.append(" It printed: ").append(tail.strip());
        }
        return out.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
