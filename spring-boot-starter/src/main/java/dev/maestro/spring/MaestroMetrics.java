package dev.maestro.spring;

import dev.maestro.ChatRun;
import dev.maestro.graph.RunResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Micrometer meters of the runs a {@link dev.maestro.Maestro} starts, given to its builder with
 * {@code onRun(metrics)} (the auto-configured bean gets it by itself):
 * <ul>
 *   <li>{@value #RUNS} (timer): each run from its start to its end, tagged {@code outcome} =
 *       {@code answered}, {@code interrupted} (waits for approval), {@code failed} or {@code cancelled};</li>
 *   <li>{@value #TOKENS} (counter): model tokens of the runs that completed, tagged {@code type} = {@code input} or
 *       {@code output};</li>
 *   <li>{@value #ACTIVE} (gauge): runs in progress.</li>
 * </ul>
 * No meter carries a conversation id, a message or an agent's output.
 *
 * @since 0.1
 */
public final class MaestroMetrics implements Consumer<ChatRun> {

    public static final String RUNS = "maestro.chat.runs";
    public static final String TOKENS = "maestro.chat.tokens";
    public static final String ACTIVE = "maestro.chat.active";

    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();
    private final Counter inputTokens;
    private final Counter outputTokens;

    public MaestroMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.inputTokens = tokens("input");
        this.outputTokens = tokens("output");
        registry.gauge(ACTIVE, active);
    }

    @Override
    public void accept(ChatRun run) {
        Timer.Sample sample = Timer.start(registry);
        active.incrementAndGet();
        run.result().whenComplete((result, failure) -> {
            active.decrementAndGet();
            sample.stop(Timer.builder(RUNS).description("Maestro chat runs, from start to end")
                    .tag("outcome", outcome(result, failure)).register(registry));
            if (result != null) {
                inputTokens.increment(result.inputTokens());
                outputTokens.increment(result.outputTokens());
            }
        });
    }

    private static String outcome(RunResult result, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            return cause instanceof CancellationException ? "cancelled" : "failed";
        }
        return result.interrupted() ? "interrupted" : "answered";
    }

    private Counter tokens(String type) {
        return Counter.builder(TOKENS).description("Model tokens of completed Maestro runs").baseUnit("tokens")
                .tag("type", type).register(registry);
    }
}
