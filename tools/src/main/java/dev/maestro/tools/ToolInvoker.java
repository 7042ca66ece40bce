package dev.maestro.tools;

import dev.maestro.core.Ensure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tool calls the same way for every tool: arguments validated against the schema, the call with a timeout, and
 * any failure (invalid arguments, an exception, a timeout) turned into an error {@link ToolResult} whose text tells
 * the model what went wrong. It never throws for a failing tool.
 *
 * <p>The call runs on the calling thread, which is interrupted at the timeout: a thread hop per call cost more than
 * the whole MCP round trip it wraps. A tool that ignores interrupts returns late, and its result is still reported as a
 * timeout; callers that must not wait longer (the agent's tool loop) bound their own wait.
 *
 * @since 0.1
 */
public final class ToolInvoker {

    /** Timeout of one call when none is given: 30 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maestro-tool-timeouts");
        t.setDaemon(true);
        return t;
    });
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int TIMING_OUT = 2;
    private static final int TIMED_OUT = 3;

    private final ArgumentValidator validator = new ArgumentValidator();

    public ToolResult invoke(Tool tool, String argumentsJson, Duration timeout) {
        return invoke(tool, argumentsJson, timeout, ToolContext.NONE);
    }

    /** The call for {@code context}'s conversation (see {@link Tool#execute(String, ToolContext)}). */
    public ToolResult invoke(Tool tool, String argumentsJson, Duration timeout, ToolContext context) {
        Ensure.notNull(tool, "tool");
        Duration limit = timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
        long t0 = System.nanoTime();
        String name = tool.name();
        String args;
        try {
            args = validator.validate(tool.specification(), argumentsJson);
        } catch (ToolException e) {
            return ToolResult.error(name, e.getMessage(), millis(t0));
        }
        Thread caller = Thread.currentThread();
        AtomicInteger state = new AtomicInteger(RUNNING);
        ScheduledFuture<?> timer = TIMER.schedule(() -> {
            if (state.compareAndSet(RUNNING, TIMING_OUT)) {
                caller.interrupt();
                state.set(TIMED_OUT);
            }
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
        String output = null;
        Exception failure = null;
        try {
            output = tool.execute(args, context == null ? ToolContext.NONE : context);
        } catch (Exception e) {
            failure = e;
        } finally {
            if (!state.compareAndSet(RUNNING, DONE)) {
                while (state.get() != TIMED_OUT) {
                    Thread.onSpinWait();
                }
                Thread.interrupted(); // our own timeout's interrupt, not the caller's
            }
            timer.cancel(false);
        }
        if (state.get() == TIMED_OUT) {
            return ToolResult.error(name, "Tool " + name + " did not finish within " + seconds(limit)
                    + " and was cancelled; try a smaller request or another tool.", millis(t0));
        }
        return failure == null ? ToolResult.ok(name, output, millis(t0)) : ToolResult.error(name, message(name, failure), millis(t0));
    }

    private static String message(String name, Throwable cause) {
        if (cause instanceof ToolException te) {
            return te.getMessage();
        }
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return "Tool " + name + " failed: " + detail;
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
