package dev.maestro.providers;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The circuit breakers of every model Maestro calls, one per provider, endpoint and model, shared by every chain that
 * uses the model, with what health checks and metrics show: breaker state, calls, failures, fallbacks, the last
 * error and the last latency.
 *
 * @since 0.1
 */
public final class ModelHealth {

    /** How breakers open and close. */
    public record BreakerSettings(float failureRatePercent, Duration slowCall, float slowCallRatePercent, int window,
                                  int minimumCalls, Duration openFor) {

        /** Open at 50 % failures (or 100 % slow calls over 60 s) among the last 10 calls, at least 5; probe after 30 s. */
        public static final BreakerSettings DEFAULTS = new BreakerSettings(50, Duration.ofSeconds(60), 100, 10, 5, Duration.ofSeconds(30));

        CircuitBreakerConfig toConfig(Clock clock) {
            return CircuitBreakerConfig.custom()
                    .failureRateThreshold(failureRatePercent)
                    .slowCallDurationThreshold(slowCall)
                    .slowCallRateThreshold(slowCallRatePercent)
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(window)
                    .minimumNumberOfCalls(Math.min(minimumCalls, window))
                    .waitDurationInOpenState(openFor)
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .automaticTransitionFromOpenToHalfOpenEnabled(false)
                    .recordExceptions(Throwable.class)
                    .clock(clock)
                    .build();
        }
    }

    /** One model as health checks and metrics show it. */
    public record Status(String model, String endpoint, String state, long calls, long failures, long fallbacks,
                         long skipped, String lastError, Instant lastErrorAt, long lastLatencyMillis) {

        public boolean available() {
            return !state.equals("OPEN") && !state.equals("FORCED_OPEN");
        }
    }

    private final CircuitBreakerConfig config;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public ModelHealth(BreakerSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** With a clock, so tests can move through a breaker's wait. */
    public ModelHealth(BreakerSettings settings, Clock clock) {
        this.clock = clock;
        this.config = settings.toConfig(clock);
    }

    /** The entry of {@code model} at {@code endpoint}, made on first use. */
    Entry entry(String model, String endpoint) {
        return entries.computeIfAbsent(model + " " + endpoint, k -> new Entry(model, endpoint, 
                CircuitBreaker.of(model + "@" + endpoint, config), clock));
    }

    /** Every model called or chained so far, in name order. */
    public List<Status> snapshot() {
        List<Status> out = new ArrayList<>();
        entries.values().stream().sorted(java.util.Comparator.comparing((Entry e) -> e.model).thenComparing(e -> e.endpoint))
                .forEach(e -> out.add(e.status()));
        return out;
    }

    /** One model's breaker and figures. */
    static final class Entry {
        final String model;
        final String endpoint;
        final CircuitBreaker breaker;
        private final Clock clock;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong fallbacks = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong lastLatencyMillis = new AtomicLong(-1);
        final AtomicReference<String> lastError = new AtomicReference<>("");
        final AtomicReference<Instant> lastErrorAt = new AtomicReference<>();

        Entry(String model, String endpoint, CircuitBreaker breaker, Clock clock) {
            this.model = model;
            this.endpoint = endpoint;
            this.breaker = breaker;
            this.clock = clock;
        }

        long now() {
            return clock.millis();
        }

        void succeeded(long millis) {
            calls.incrementAndGet();
            lastLatencyMillis.set(millis);
            breaker.onSuccess(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        void failed(long millis, Throwable error) {
            calls.incrementAndGet();
            failures.incrementAndGet();
            lastLatencyMillis.set(millis);
            lastError.set(String.valueOf(error.getMessage()));
            lastErrorAt.set(clock.instant());
            breaker.onError(millis, java.util.concurrent.TimeUnit.MILLISECONDS, error);
        }

        /** The call ended before it counted either way (cancelled by the caller): gives the permission back. */
        void released() {
            breaker.releasePermission();
        }

        Status status() {
            return new Status(model, endpoint, breaker.getState().name(), calls.get(), failures.get(), fallbacks.get(), skipped.get(),
                    lastError.get(), lastErrorAt.get(), lastLatencyMillis.get());
        }
    }
}
