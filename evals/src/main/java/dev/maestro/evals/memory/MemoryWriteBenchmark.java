package dev.maestro.evals.memory;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.maestro.core.Ensure;
import dev.maestro.core.Progress;
import dev.maestro.memory.MemoryWorker;
import dev.maestro.memory.PostgresMemory;
import dev.maestro.memory.Scope;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * How much writing a turn adds to the request path: the latency of {@link PostgresMemory#append} (store the message,
 * enqueue its background work), measured while a {@link MemoryWorker} embeds in the background as it would in
 * production. The target is p95 ≤ 20 ms.
 *
 * @since 0.1
 */
public final class MemoryWriteBenchmark {

    /** The latencies of {@code turns} appends, in milliseconds. */
    public record Result(int turns, int warmup, double p50Millis, double p95Millis, double maxMillis, boolean workerRunning) {
    }

    private static final String[] LINES = {
            "I finally booked the flights to Lisbon for the second week of June.",
            "That sounds great! Are you staying in the old town or near the beach?",
            "Near the beach, my sister found a small apartment with a view of the river.",
            "Remember to try the custard tarts, and take the tram up to the castle.",
            "My daughter has her piano recital on Friday, so I am a bit nervous for her.",
            "She has practised a lot, I am sure she will do well. What is she playing?",
    };

    private MemoryWriteBenchmark() {
    }

    /**
     * Appends {@code warmup + turns} messages to a fresh conversation of a throw-away user (deleted afterwards) and
     * times the last {@code turns}.
     *
     * @param withWorker run a background worker meanwhile, as in production
     */
    public static Result run(PostgresMemory memory, int turns, int warmup, boolean withWorker, Progress progress) {
        Ensure.notNull(memory, "memory");
        Ensure.positive(turns, "turns");
        Ensure.notNegative(warmup, "warmup");
        Scope scope = Scope.of("bench", "bench-" + UUID.randomUUID());
        UUID conversation = UUID.randomUUID();
        List<Long> nanos = new ArrayList<>(turns);
        MemoryWorker worker = withWorker ? memory.worker("bench-" + UUID.randomUUID()) : null;
        try (Progress.Task task = (progress == null ? Progress.NONE : progress).start("Appending turns", warmup + turns, "turns")) {
            if (worker != null) {
                worker.start();
            }
            for (int i = 0; i < warmup + turns; i++) {
                String text = LINES[i % LINES.length];
                long t0 = System.nanoTime();
                memory.append(scope, conversation, i % 2 == 0 ? UserMessage.from(text) : AiMessage.from(text));
                long took = System.nanoTime() - t0;
                if (i >= warmup) {
                    nanos.add(took);
                }
                task.step(1);
            }
        } finally {
            if (worker != null) {
                worker.close();
            }
            memory.admin().forgetUser(scope);
        }
        nanos.sort(null);
        return new Result(turns, warmup, percentile(nanos, 50), percentile(nanos, 95), nanos.getLast() / 1e6, withWorker);
    }

    private static double percentile(List<Long> sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
    }
}
