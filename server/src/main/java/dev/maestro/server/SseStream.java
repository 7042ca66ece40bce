package dev.maestro.server;

import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunListener;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Server-Sent Events response fed by one run. The run's events arrive on other threads into a queue; the
 * request thread alone writes them, in order, flushing each, with a comment line as heartbeat when the run is
 * quiet. When a write fails the client has gone: the run is cancelled (no more forwarding, run thread
 * interrupted) and the stream ends.
 */
final class SseStream {

    /** A heartbeat comment after this much silence, so proxies keep the stream open and a gone client is noticed. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** How long a cancelled run gets to end before the request thread stops waiting for it. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

    /** Turns a run's events and its outcome into SSE frames. */
    interface Format {
        void event(RunEvent event, SseStream out) throws IOException;

        void end(Turns.Outcome outcome, SseStream out) throws IOException;
    }

    /** Events written before one flush, at most: bounds the delay of the first of them. */
    private static final int MAX_BATCH = 64;

    private final OutputStream out;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    private SseStream(OutputStream out) {
        this.out = out;
    }

    /** Sets the SSE headers and returns the stream to write to. */
    static SseStream open(Context ctx) {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream;charset=utf-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        try {
            OutputStream os = ctx.res().getOutputStream();
            return new SseStream(os);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Opening the event stream of " + ctx.path(), e);
        }
    }

    /** The listener to give the run: it only enqueues. */
    RunListener listener() {
        return queue::add;
    }

    /** Writes the run's events until it ends (or the client leaves, which cancels it). */
    void pump(Turns.Handle handle, Format format) {
        handle.outcome.whenComplete((o, e) -> queue.add(o != null ? o : e));
        try {
            while (true) {
                Object item = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (item == null) {
                    comment("ping");
                }
                // everything already queued goes out in one flush: one write under load, no added wait when idle
                for (int batched = 0; item != null; item = batched < MAX_BATCH ? queue.poll() : null) {
                    batched++;
                    if (item instanceof RunEvent event) {
                        format.event(event, this);
                    } else if (item instanceof Turns.Outcome outcome) {
                        format.end(outcome, this);
                        out.flush();
                        return;
                    } else if (item instanceof Throwable t) {
                        throw new IllegalStateException("Run " + handle.runId + " ended without an outcome", t);
                    }
                }
                out.flush();
            }
        } catch (IOException e) {
            cancel(handle);
        } catch (InterruptedException e) {
            cancel(handle);
            Thread.currentThread().interrupt();
        }
    }

    void event(String name, String json) throws IOException {
        write("event: " + name + "\ndata: " + json + "\n\n");
    }

    void data(String json) throws IOException {
        write("data: " + json + "\n\n");
    }

    void comment(String text) throws IOException {
        write(": " + text + "\n\n");
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Buffers a frame; {@link #pump} flushes once the queue is drained. */
    private void write(String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
    }

    private static void cancel(Turns.Handle handle) {
        handle.cancel();
        try {
            handle.outcome.get(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the run ends on its own; its outcome is recorded by Turns
        }
    }
}
