package dev.maestro.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maestro.core.ConfigException;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.InvalidInputException;
import dev.maestro.core.ProviderException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The one place exceptions become HTTP responses: {@code {"error": {"code", "message", "type"}}} (the
 * {@code type} field makes the body readable by OpenAI clients too). Unexpected exceptions are logged with an
 * incident id and answered with that id only, so no internal detail (nor a secret) reaches the client.
 */
final class ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

    private ErrorHandler() {
    }

    static void handle(Exception e, Context ctx) {
        ApiException api = toApi(e);
        if (api.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"maestro\"");
        }
        if (api.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(api.retryAfterSeconds()));
        }
        write(ctx, api.status(), api.code(), api.getMessage());
    }

    /** Writes the error body; also used for 404/405 from the router. */
    static void write(Context ctx, int status, String code, String message) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("type", status >= 500 ? "server_error" : "invalid_request_error");
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    static ApiException toApi(Throwable e) {
        Throwable t = e;
        while (t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException) {
            if (t.getCause() == null) {
                break;
            }
            t = t.getCause();
        }
        return switch (t) {
            case ApiException a -> a;
            case InvalidInputException i -> new ApiException(400, "invalid_input", i.getMessage());
            case ConfigException c -> new ApiException(400, "invalid_request", c.getMessage());
            case ProviderException p -> provider(p);
            case dev.maestro.core.usage.BudgetExceededException b -> new ApiException(429, "budget_exceeded", b.getMessage(),
                    Math.max(1, java.time.Duration.between(java.time.Instant.now(), b.resetsAt()).toSeconds()));
            case DatabaseException d -> {
                LOG.warn("database unavailable: {}", d.getMessage());
                yield new ApiException(503, "database_unavailable", "The database is unavailable: " + d.getMessage(), 5);
            }
            case HttpResponseException h -> new ApiException(h.getStatus(), "http_" + h.getStatus(), h.getMessage());
            default -> {
                String incident = UUID.randomUUID().toString();
                LOG.error("internal error {} ({})", incident, t.getClass().getName(), t);
                yield new ApiException(500, "internal_error", "Internal error; the server log has the details under incident " + incident + ".");
            }
        };
    }

    private static ApiException provider(ProviderException p) {
        long retry = p.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(0L);
        return switch (p.kind()) {
            case UNREACHABLE, TIMEOUT, RATE_LIMITED, SERVER_ERROR ->
                    new ApiException(503, "provider_unavailable", "The model provider is unavailable: " + p.getMessage(), retry == 0 ? 5 : retry);
            default -> new ApiException(502, "provider_error", "The model provider refused the request: " + p.getMessage());
        };
    }
}
