package dev.maestro;

import dev.maestro.core.MaestroException;
import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunListener;
import dev.maestro.graph.RunResult;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A run in progress: its events as a stream, and its result when it completes.
 *
 * <pre>{@code
 * ChatRun run = maestro.chat(ChatRequest.of("Write a haiku about pgvector"));
 * run.events().filter(e -> e.type() == RunEvent.Type.TOKEN).forEach(e -> System.out.print(e.text("text")));
 * RunResult result = run.await();
 * }</pre>
 *
 * {@link #events()} may be consumed once; it buffers every event from the start of the run, so it may be called
 * before or after the run ends, and it ends when the run does. A run that stopped for approval completes normally
 * with {@link RunResult#interrupted()} true; continue it with {@link Maestro#resume}.
 *
 * @since 0.1
 */
public final class ChatRun {

    /** Marks the end of the event stream in the queue. */
    private static final RunEvent END = new RunEvent(RunEvent.Type.RUN_FINISHED, "", 0, java.util.Map.of());

    private final String conversationId;
    private final BlockingQueue<RunEvent> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private final AtomicBoolean consumed = new AtomicBoolean();
    private volatile Thread worker;

    private ChatRun(String conversationId) {
        this.conversationId = conversationId;
    }

    /** Starts {@code body} on a virtual thread, teeing its events to {@code listener} and to {@link #events()}. */
    static ChatRun start(String conversationId, RunListener listener, Function<RunListener, RunResult> body) {
        ChatRun run = new ChatRun(conversationId);
        RunListener tee = event -> {
            listener.onEvent(event);
            run.events.add(event);
        };
        run.worker = Thread.ofVirtual().name("maestro-run-" + conversationId).start(() -> {
            try {
                run.result.complete(body.apply(tee));
            } catch (Throwable t) {
                run.result.completeExceptionally(t);
            } finally {
                run.events.add(END);
            }
        });
        return run;
    }

    /**
     * A handle for a run the caller runs on its own thread: it completes through {@link #complete}/{@link #fail},
     * buffers no events, and {@link #cancel()} interrupts that thread.
     */
    static ChatRun onCallingThread(String conversationId) {
        ChatRun run = new ChatRun(conversationId);
        run.worker = Thread.currentThread();
        run.events.add(END);
        return run;
    }

    void complete(RunResult r) {
        result.complete(r);
    }

    void fail(Throwable t) {
        result.completeExceptionally(t);
    }

    /** The conversation this run belongs to. */
    public String conversationId() {
        return conversationId;
    }

    /** Completes with the run's result, or exceptionally with what failed it (a {@link MaestroException} says what to do). */
    public CompletableFuture<RunResult> result() {
        return result;
    }

    /**
     * Waits for the result. Interrupting the waiting thread cancels the run.
     *
     * @throws MaestroException when the run failed (provider unreachable, database down, bad input)
     * @throws CancellationException when the run was cancelled
     */
    public RunResult await() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new CancellationException("the run of conversation " + conversationId + " was cancelled");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Stops the run (its model call is abandoned); {@link #result()} then completes with a cancellation. */
    public void cancel() {
        Thread t = worker;
        if (t != null && !result.isDone()) {
            result.cancel(true);
            t.interrupt();
        }
    }

    /**
     * Every event of the run, from its start, ending when the run ends; blocks while waiting for the next.
     *
     * @throws IllegalStateException when called a second time
     */
    public Stream<RunEvent> events() {
        if (!consumed.compareAndSet(false, true)) {
            throw new IllegalStateException("the events of a run can be consumed once");
        }
        Iterator<RunEvent> it = new Iterator<>() {
            private RunEvent next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = events.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        next = END;
                    }
                }
                return next != END;
            }

            @Override
            public RunEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                RunEvent e = next;
                next = null;
                return e;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, 0), false);
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof CompletionException c && c.getCause() != null) {
            cause = c.getCause();
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new CompletionException(cause);
    }
}
