package dev.maestro.server;

import io.javalin.http.Context;

import java.util.Locale;

/**
 * Who is calling: {@code Authorization: Bearer <key>} (what OpenAI clients send) or {@code X-API-Key: <key>}.
 * A presented Maestro key must be valid; without one, the request is the {@code default} tenant's unless keys
 * are required. Where they are not, a bearer value that is not a Maestro key (such as the dummy key an OpenAI
 * client insists on) counts as none. Then the caller's rate limit is applied. Keys never reach a log line or a response.
 */
final class Auth {

    static final String PRINCIPAL = "maestro.principal";

    private final ApiKeys keys;
    private final boolean required;
    private final RateLimiter limiter;
    private final ServerMetrics metrics;

    Auth(ApiKeys keys, boolean required, RateLimiter limiter, ServerMetrics metrics) {
        this.keys = keys;
        this.required = required;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /** Before-handler of the protected routes. */
    void check(Context ctx) {
        String presented = presentedKey(ctx);
        Principal who;
        if (presented != null && !required && !ApiKeys.looksLikeKey(presented)) {
            presented = null; // e.g. "sk-none" from an OpenAI client pointed at a keyless loopback server
        }
        if (presented != null) {
            who = keys.verify(presented).orElseThrow(() -> unauthorized("The API key is not valid (unknown, revoked or mistyped)."));
        } else if (required) {
            throw unauthorized("An API key is required: send Authorization: Bearer <key>. "
                    + "Create one with: maestro keys create --tenant NAME");
        } else {
            who = Principal.anonymous();
        }
        try {
            limiter.acquire(who.keyId().isEmpty() ? "ip:" + ctx.ip() : "key:" + who.keyId());
        } catch (ApiException e) {
            metrics.rateLimited();
            throw e;
        }
        ctx.attribute(PRINCIPAL, who);
    }

    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new IllegalStateException("No principal on " + ctx.path() + ": the auth filter did not run");
        }
        return p;
    }

    private static String presentedKey(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && !auth.isBlank()) {
            String[] parts = auth.trim().split("\\s+", 2);
            if (parts.length == 2 && parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
                return parts[1].trim();
            }
            throw unauthorized("The Authorization header must read: Bearer <key>.");
        }
        String header = ctx.header("X-API-Key");
        return header == null || header.isBlank() ? null : header.trim();
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }
}
