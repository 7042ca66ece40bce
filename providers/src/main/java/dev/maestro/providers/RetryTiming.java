package dev.maestro.providers;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** How long {@link ResilientHttpClient} waits between attempts. */
final class RetryTiming {

    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private RetryTiming() {
    }

    /** The wait after failed attempt {@code attempt} (1-based): {@code initial}, doubling, at most {@link #MAX_BACKOFF}. */
    static Duration backoff(Duration initial, int attempt) {
        Duration wait = initial;
        for (int i = 1; i < attempt && wait.compareTo(MAX_BACKOFF) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /**
     * A {@code Retry-After} value, delay-seconds or an HTTP date, as a wait from {@code now}, between zero and
     * {@link #MAX_RETRY_AFTER}; null when absent or unreadable.
     */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }
}
