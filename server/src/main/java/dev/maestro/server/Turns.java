package dev.maestro.server;

import dev.maestro.ChatRequest;
import dev.maestro.Maestro;
import dev.maestro.graph.Approval;
import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunListener;
import dev.maestro.graph.RunResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs turns of the graph for the API, each on its own run thread: records the run and its (bounded) events,
 * counts metrics, forwards events to the caller, and lets the caller cancel (stop forwarding, interrupt the run
 * thread). At most {@code maxConcurrent} runs at once; more get a 503 with {@code Retry-After}.
 */
final class Turns implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Turns.class);

    private final Maestro maestro;
    private final Runs runs;
    private final ServerMetrics metrics;
    private final int eventsPerRun;
    private final Semaphore permits;
    private final int maxConcurrent;
    private final ExecutorService threads;
    private final ExecutorService recorder = Executors.newVirtualThreadPerTaskExecutor();

    Turns(Maestro maestro, Runs runs, ServerMetrics metrics, int maxConcurrent, int eventsPerRun) {
        this.maestro = maestro;
        this.runs = runs;
        this.metrics = metrics;
        this.eventsPerRun = eventsPerRun;
        this.maxConcurrent = maxConcurrent;
        this.permits = new Semaphore(maxConcurrent);
        this.threads = Executors.newCachedThreadPool(daemon());
    }

    /** What to run: a new question, or an operator's answer to a supervised agent. */
    record Request(String question, Approval approval) {
        static Request question(String q) {
            return new Request(q, null);
        }

        static Request approval(Approval a) {
            return new Request(null, a);
        }

        String kind() {
            return approval == null ? "message" : "approval";
        }

        String text() {
            return approval == null ? question : approval.decision().name().toLowerCase(java.util.Locale.ROOT)
                    + (approval.editedInput().isEmpty() ? "" : ": " + approval.editedInput());
        }
    }

    /** How a run ended; {@code failure} is set when it failed (and was not cancelled). */
    record Outcome(UUID runId, UUID conversation, Runs.Status status, RunResult result, Long firstTokenMs, long latencyMs,
                   RuntimeException failure, Map<String, Object> cost) {
    }

    /** A started run. */
    static final class Handle {
        final UUID runId;
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private volatile boolean cancelled;
        private Thread thread;
        private boolean done;

        private Handle(UUID runId) {
            this.runId = runId;
        }

        /** Stops forwarding events and interrupts the run thread (the model call waiting on it fails fast). */
        synchronized void cancel() {
            cancelled = true;
            if (thread != null && !done) {
                thread.interrupt();
            }
        }

        boolean cancelled() {
            return cancelled;
        }

        private synchronized boolean attach(Thread t) {
            this.thread = t;
            return !cancelled;
        }

        private synchronized void detach() {
            done = true;
            thread = null;
        }
    }

    /**
     * Records the run, then starts it on a run thread; {@code forward} receives every event until the run ends or
     * is cancelled. {@code startNanos} is when the request arrived, for the time to first token.
     */
    Handle start(Principal who, UUID conversation, Request request, RunListener forward, long startNanos) {
        maestro.checkBudget(conversation.toString()); // 429 before a stream opens; the turn checks again itself
        if (!permits.tryAcquire()) {
            throw busy();
        }
        Handle handle = new Handle(UUID.randomUUID());
        try {
            // The run's row is written beside the run, not before it: the first token need not wait for a commit.
            CompletableFuture<Void> recorded = CompletableFuture.runAsync(
                    () -> runs.start(handle.runId, who, conversation, request.kind(), request.text()), recorder);
            threads.execute(() -> execute(handle, conversation, request, forward, startNanos, recorded));
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
        return handle;
    }

    /**
     * A place among the {@code maxConcurrent} for model work that is not a graph run (a completion with the client's
     * own tools), so that it too waits its turn; a 503 with {@code Retry-After} when none is free.
     */
    Slot admit() {
        if (!permits.tryAcquire()) {
            throw busy();
        }
        return new Slot(permits);
    }

    /** A place taken by {@link #admit()}; {@link #release()} gives it back once, however often it is called. */
    static final class Slot {
        private final Semaphore permits;
        private final AtomicBoolean held = new AtomicBoolean(true);

        private Slot(Semaphore permits) {
            this.permits = permits;
        }

        void release() {
            if (held.compareAndSet(true, false)) {
                permits.release();
            }
        }
    }

    private ApiException busy() {
        return new ApiException(503, "busy", "The server is running " + maxConcurrent
                + " turns already (server.max-concurrent-runs); retry shortly.", 1);
    }

    private void execute(Handle handle, UUID conversation, Request request, RunListener forward, long startNanos,
                         CompletableFuture<Void> recorded) {
        metrics.activeRuns().incrementAndGet();
        EventLog log = new EventLog(eventsPerRun);
        AtomicLong firstToken = new AtomicLong(-1);
        java.util.concurrent.atomic.AtomicReference<Map<String, Object>> cost = new java.util.concurrent.atomic.AtomicReference<>(Map.of());
        RunListener listener = event -> {
            if (event.type() == RunEvent.Type.RUN_FINISHED) {
                Map<String, Object> c = new java.util.LinkedHashMap<>();
                c.put("cost_complete", event.data().getOrDefault("cost_complete", false));
                if (event.data().get("cost_usd") != null) {
                    c.put("cost_usd", event.data().get("cost_usd"));
                }
                cost.set(c);
            }
            metrics.onEvent(event);
            log.add(event);
            if (event.type() == RunEvent.Type.TOKEN && firstToken.get() < 0
                    && firstToken.compareAndSet(-1, (System.nanoTime() - startNanos) / 1_000_000)) {
                metrics.firstToken(firstToken.get());
            }
            if (!handle.cancelled()) {
                forward.onEvent(event);
            }
        };
        RunResult result = null;
        RuntimeException failure = null;
        try {
            if (handle.attach(Thread.currentThread())) {
                result = request.approval() == null
                        ? maestro.run(ChatRequest.builder().conversationId(conversation.toString()).message(request.question())
                                .listener(listener).runId(handle.runId).build())
                        : maestro.resume(conversation.toString(), request.approval(), listener, handle.runId);
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            handle.detach();
            Thread.interrupted(); // a cancel's interrupt must not reach the database calls below, nor the next run
        }
        long latency = (System.nanoTime() - startNanos) / 1_000_000;
        Runs.Status status = handle.cancelled() ? Runs.Status.CANCELLED
                : failure != null ? Runs.Status.FAILED
                : result.interrupted() ? Runs.Status.INTERRUPTED : Runs.Status.OK;
        Long ttft = firstToken.get() < 0 ? null : firstToken.get();
        try {
            String error = status == Runs.Status.CANCELLED ? "cancelled: the client disconnected"
                    + (failure == null ? "" : " (" + failure.getMessage() + ")") : failure == null ? null : failure.getMessage();
            recorded.join();
            runs.finish(handle.runId, status, result, ttft, latency, error, log.events());
        } catch (RuntimeException e) {
            LOG.warn("could not record the outcome of run {}: {}", handle.runId, e.getMessage());
        } finally {
            metrics.run(status.sql(), latency);
            metrics.activeRuns().decrementAndGet();
            permits.release();
        }
        handle.outcome.complete(new Outcome(handle.runId, conversation, status, result, ttft, latency,
                status == Runs.Status.FAILED ? failure : null, cost.get()));
    }

    @Override
    public void close() {
        threads.shutdownNow();
        recorder.shutdownNow();
    }

    private static ThreadFactory daemon() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "maestro-run-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
