package dev.maestro.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A model provider (Ollama, OpenAI or a compatible server) could not serve a request.
 * Retry decisions look at {@link #kind()}, never at the message.
 *
 * @since 0.1
 */
public class ProviderException extends MaestroException {

    /** What failed, in terms a retry policy can act on. */
    public enum Kind {
        UNREACHABLE(true),
        TIMEOUT(true),
        RATE_LIMITED(true),
        SERVER_ERROR(true),
        AUTHENTICATION(false),
        MODEL_NOT_FOUND(false),
        BAD_REQUEST(false),
        PROTOCOL(false);

        private final boolean retriable;

        Kind(boolean retriable) {
            this.retriable = retriable;
        }

        public boolean retriable() {
            return retriable;
        }
    }

    private final Kind kind;
    private final int statusCode;
    private final int attempts;
    private final Duration retryAfter;

    public ProviderException(Kind kind, String message, int statusCode, int attempts, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = Ensure.notNull(kind, "kind");
        this.statusCode = statusCode;
        this.attempts = attempts;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retriable() {
        return kind.retriable();
    }

    /** HTTP status of the last response, or 0 when no response arrived. */
    public int statusCode() {
        return statusCode;
    }

    /** How many attempts were made before giving up (1 when no retry happened). */
    public int attempts() {
        return attempts;
    }

    /** The server's {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** A copy that records the number of attempts made. */
    public ProviderException withAttempts(int attempts) {
        return new ProviderException(kind, getMessage(), statusCode, attempts, retryAfter, getCause());
    }
}
