package dev.maestro.core.db;

import dev.maestro.core.Ensure;

import java.util.UUID;

/**
 * One model call, as stored in the {@code runs} table by {@link RunLog}.
 *
 * @param id           the run's id
 * @param provider     e.g. {@code "ollama"}
 * @param model        e.g. {@code "llama3.2"}
 * @param status       {@value #OK} or {@value #FAILED}
 * @param inputTokens  prompt tokens, or null when the provider did not say
 * @param outputTokens completion tokens, or null when the provider did not say
 * @param latencyMs    wall time of the call in milliseconds
 * @param error        the error message of a failed run, else null
 * @since 0.1
 */
public record RunRecord(UUID id, String provider, String model, String status, Integer inputTokens, Integer outputTokens,
                        long latencyMs, String error) {

    public static final String OK = "ok";
    public static final String FAILED = "failed";

    public RunRecord {
        Ensure.notNull(id, "id");
        Ensure.notBlank(provider, "provider");
        Ensure.notBlank(model, "model");
        if (!OK.equals(status) && !FAILED.equals(status)) {
            throw new IllegalArgumentException("status must be '" + OK + "' or '" + FAILED + "', was '" + status + "'");
        }
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must be >= 0, was " + latencyMs);
        }
    }

    public static RunRecord ok(UUID id, String provider, String model, Integer inputTokens, Integer outputTokens, long latencyMs) {
        return new RunRecord(id, provider, model, OK, inputTokens, outputTokens, latencyMs, null);
    }

    public static RunRecord failed(UUID id, String provider, String model, long latencyMs, String error) {
        return new RunRecord(id, provider, model, FAILED, null, null, latencyMs, error);
    }
}
