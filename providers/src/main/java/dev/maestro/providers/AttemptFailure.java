package dev.maestro.providers;

import dev.maestro.core.ProviderException.Kind;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * One failed attempt, classified but not yet worded: the retry loop looks at {@link #kind()}, and
 * {@link ProviderErrors} turns the last one into a {@code ProviderException} once the attempts are over.
 * It never leaves {@link ResilientHttpClient}.
 */
final class AttemptFailure extends RuntimeException {

    /** What happened on the wire, finer than {@link Kind}, so the message can say it. */
    enum What { HTTP_STATUS, REFUSED, UNKNOWN_HOST, DROPPED, CONNECT_TIMEOUT, READ_TIMEOUT, MALFORMED }

    private final What what;
    private final Kind kind;
    private final int statusCode;
    private final String body;
    private final Duration retryAfter;

    private AttemptFailure(What what, Kind kind, int statusCode, String body, Duration retryAfter, String summary, Throwable cause) {
        super(summary, cause, false, false);
        this.what = what;
        this.kind = kind;
        this.statusCode = statusCode;
        this.body = body;
        this.retryAfter = retryAfter;
    }

    /** A response with a status outside 2xx. {@code body} may be empty; {@code retryAfter} may be null. */
    static AttemptFailure status(int statusCode, String body, Duration retryAfter) {
        return new AttemptFailure(What.HTTP_STATUS, kindOf(statusCode), statusCode, body == null ? "" : body, retryAfter,
                "HTTP " + statusCode, null);
    }

    /** No usable response: the connection failed, timed out or carried something that is not HTTP. */
    static AttemptFailure io(IOException e) {
        What what = whatOf(e);
        Kind kind = switch (what) {
            case CONNECT_TIMEOUT, READ_TIMEOUT -> Kind.TIMEOUT;
            case MALFORMED -> Kind.PROTOCOL;
            default -> Kind.UNREACHABLE;
        };
        String summary = switch (what) {
            case REFUSED -> "connection refused";
            case UNKNOWN_HOST -> "unknown host";
            case CONNECT_TIMEOUT -> "connect timed out";
            case READ_TIMEOUT -> "no response headers within the read timeout";
            default -> detail(e);
        };
        return new AttemptFailure(what, kind, 0, "", null, summary, e);
    }

    static Kind kindOf(int statusCode) {
        if (statusCode == 401 || statusCode == 403) {
            return Kind.AUTHENTICATION;
        }
        if (statusCode == 404) {
            return Kind.MODEL_NOT_FOUND;
        }
        if (statusCode == 408) {
            return Kind.TIMEOUT;
        }
        if (statusCode == 429) {
            return Kind.RATE_LIMITED;
        }
        if (statusCode >= 500 && statusCode < 600) {
            return Kind.SERVER_ERROR;
        }
        if (statusCode >= 400 && statusCode < 500) {
            return Kind.BAD_REQUEST;
        }
        return Kind.PROTOCOL;
    }

    private static What whatOf(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return What.CONNECT_TIMEOUT;
        }
        if (e instanceof HttpTimeoutException) {
            return What.READ_TIMEOUT;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return What.UNKNOWN_HOST;
            }
            if (t instanceof ProtocolException) {
                return What.MALFORMED;
            }
        }
        return e instanceof ConnectException ? What.REFUSED : What.DROPPED;
    }

    /** A short description of an I/O failure: its message, or its type when it has none. */
    static String detail(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    What what() {
        return what;
    }

    Kind kind() {
        return kind;
    }

    boolean retriable() {
        return kind.retriable();
    }

    int statusCode() {
        return statusCode;
    }

    String body() {
        return body;
    }

    /** The server's {@code Retry-After}, already capped; null when it sent none. */
    Duration retryAfter() {
        return retryAfter;
    }
}
