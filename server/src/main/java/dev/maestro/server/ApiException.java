package dev.maestro.server;

import dev.maestro.core.MaestroException;

/**
 * A request the API refuses, with the HTTP status and a stable error code for the JSON body
 * {@code {"error": {"code", "message"}}}. {@link ErrorHandler} turns it into the response.
 */
public final class ApiException extends MaestroException {

    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    public ApiException(int status, String code, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "invalid_request", message);
    }

    static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
