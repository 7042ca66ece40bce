package dev.maestro.server;

import dev.maestro.core.config.AppConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client token buckets (bucket4j): {@code permits} per period, refilled gradually, one bucket per API key
 * (per client address for keyless requests). An empty bucket is a 429 with {@code Retry-After}.
 */
final class RateLimiter {

    private static final int MAX_BUCKETS = 100_000;

    private final AppConfig.Rate rate;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(AppConfig.Rate rate) {
        this.rate = rate;
    }

    /** Takes one permit for {@code client}, or throws a 429 saying when to retry. */
    void acquire(String client) {
        if (rate.permits() == 0) {
            return;
        }
        if (buckets.size() >= MAX_BUCKETS) {
            buckets.clear(); // a flood of distinct clients: forget them all rather than grow without bound
        }
        Bucket bucket = buckets.computeIfAbsent(client, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(rate.permits()).refillGreedy(rate.permits(), rate.per()))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ApiException(429, "rate_limited", "Too many requests: the limit is " + rate.permits() + " per "
                    + rate.per().toSeconds() + " s for each API key (server.rate-limit); retry in " + seconds + " s.", seconds);
        }
    }
}
