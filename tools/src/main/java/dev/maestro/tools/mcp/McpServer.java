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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    private static final Duration START_CHECK_INTERVAL = Duration.ofMillis(50);

    private final McpServerConfig config;
    private final Set<Thread> inFlight = ConcurrentHashMap.newKeySet();
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
    ToolExecutionResult call(String tool, String argumentsJson) {
        McpClient c;
        synchronized (this) {
            c = running();
        }
        ToolExecutionRequest request = ToolExecutionRequest.builder().name(tool).arguments(argumentsJson).build();
        Thread caller = Thread.currentThread();
        inFlight.add(caller);
        try {
            return c.executeTool(request);
        } catch (RuntimeException e) {
            if (!alive(c)) {
                throw crashed(c, tool, e);
            }
            // langchain4j-mcp 1.18.1-beta28 throws this type both for the server's "isError" answer, which carries the
            // server's message, and for a transport failure, which wraps its cause and carries no message
            if (e instanceof ToolExecutionException reported && reported.errorCode() == null && reported.getMessage() != null) {
                throw new ToolException("MCP tool " + config.name() + "." + tool + " reported an error: " + reported.getMessage(), reported);
            }
            if (!config.isStdio()) {
                forget(c); // a remote server that failed mid-call gets a fresh connection (and session) on the next call
            }
            throw new ToolException("MCP server " + config.name() + " failed the call to " + tool + ": " + rootMessage(e), e);
        } finally {
            inFlight.remove(caller);
            if (!alive(c)) {
                Thread.interrupted(); // the watchdog's wake-up call, not a cancellation
            }
        }
    }

    /**
     * LangChain4j's client does not always notice that a stdio server was killed, and would wait for the answer until its
     * own timeout; this watch wakes the calls of a server whose process is gone.
     */
    private void watch(McpClient c, Process process) {
        Thread.ofVirtual().name("mcp-watch-" + config.name()).start(() -> {
            try {
                while (process.isAlive() && alive(c)) {
                    Thread.sleep(CRASH_CHECK_INTERVAL);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!process.isAlive()) {
                inFlight.forEach(Thread::interrupt);
            }
        });
    }

    private synchronized void forget(McpClient c) {
        if (client == c) {
            stop();
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
        StartWatch watch = stdio == null ? null : StartWatch.of(stdio);
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
                    + (watch != null && watch.fired() ? "the process exited during the handshake." : rootMessage(e) + ".")
                    + printed + " Check the command (or URL) and run it by hand to see why.", e);
        } finally {
            if (watch != null) {
                watch.stop();
            }
        }
        if (stdio != null && stdio.getProcess() != null) {
            watch(client, stdio.getProcess());
        }
    }

    /**
     * Wakes a start whose process already exited: LangChain4j's client misses an exit that comes before it registered the
     * handshake, and would wait for the whole start timeout.
     */
    private static final class StartWatch {
        private final Thread starter = Thread.currentThread();
        private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();
        private Thread watcher;

        static StartWatch of(StdioMcpTransport transport) {
            StartWatch w = new StartWatch();
            w.watcher = Thread.ofVirtual().start(() -> {
                try {
                    while (w.state.get() == 0) {
                        Process p = transport.getProcess();
                        if (p != null && !p.isAlive() && w.state.compareAndSet(0, 1)) {
                            w.starter.interrupt();
                            w.state.set(2);
                            return;
                        }
                        Thread.sleep(START_CHECK_INTERVAL);
                    }
                } catch (InterruptedException stopped) {
                    // the start finished
                }
            });
            return w;
        }

        boolean fired() {
            return state.get() >= 1;
        }

        void stop() {
            if (!state.compareAndSet(0, 3)) {
                while (state.get() == 1) {
                    Thread.onSpinWait();
                }
                Thread.interrupted(); // the watch's wake-up, not the caller's
            }
            watcher.interrupt();
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
