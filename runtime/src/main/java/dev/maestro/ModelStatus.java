package dev.maestro;

import java.time.Instant;

/**
 * One chat model (at one endpoint) as health checks and metrics show it: its circuit breaker's state and its figures.
 *
 * @param model             {@code provider:name}, e.g. {@code ollama:llama3.2}
 * @param endpoint          the base URL, without credentials
 * @param breaker           {@code closed}, {@code open} or {@code half_open}
 * @param skipped           calls that went past it while its breaker was open
 * @param lastError         the last failure's message, or empty
 * @param lastErrorAt       when it failed last, or null
 * @param lastLatencyMillis the last call's duration, or -1 before any
 * @since 0.1
 */
public record ModelStatus(String model, String endpoint, String breaker, long calls, long failures, long fallbacks, long skipped,
                          String lastError, Instant lastErrorAt, long lastLatencyMillis) {

    /** Whether its breaker lets calls through (closed or half-open). */
    public boolean available() {
        return !breaker.equals("open") && !breaker.equals("forced_open");
    }
}
