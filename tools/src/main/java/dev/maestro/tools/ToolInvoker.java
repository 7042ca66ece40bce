package dev.maestro.tools;

import dev.maestro.core.Ensure;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * Runs tool calls the same way for every tool: arguments validated against the schema, the call on a virtual
 * thread with a timeout, and any failure (invalid arguments, an exception, a timeout) turned into an error
 * {@link ToolResult} whose text tells the model what went wrong. It never throws for a failing tool.
 *
 * @since 0.1
 */
public final class ToolInvoker {

    /** Timeout of one call when none is given: 30 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();

    private final ArgumentValidator validator = new ArgumentValidator();

    public ToolResult invoke(Tool tool, String argumentsJson, Duration timeout) {
        Ensure.notNull(tool, "tool");
        Duration limit = timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
        long t0 = System.nanoTime();
        String name = tool.name();
        try {
            String args = validator.validate(tool.specification(), argumentsJson);
            Future<String> call = CALLS.submit(() -> tool.execute(args));
            try {
                return ToolResult.ok(name, call.get(limit.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS), millis(t0));
            } catch (TimeoutException e) {
                call.cancel(true);
                return ToolResult.error(name, "Tool " + name + " did not finish within " + seconds(limit)
                        + " and was cancelled; try a smaller request or another tool.", millis(t0));
            } catch (ExecutionException e) {
                return ToolResult.error(name, message(name, e.getCause()), millis(t0));
            }
        } catch (ToolException e) {
            return ToolResult.error(name, e.getMessage(), millis(t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolResult.error(name, "Tool " + name + " was interrupted before it finished.", millis(t0));
        }
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
