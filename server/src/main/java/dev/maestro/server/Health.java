package dev.maestro.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Provider;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Readiness: the database answers {@code select 1} and the chat provider answers HTTP at all (any status below
 * 500; a 401 still proves it is reachable). Both checks are cheap and their result is reused for {@link #TTL}.
 */
public final class Health {

    /** How long a readiness result is reused: 5 s. */
    public static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** A readiness check: null when fine, else what is wrong. */
    @FunctionalInterface
    public interface Check {
        String problem();
    }

    private final Check database;
    private final Check provider;
    private volatile java.util.function.Supplier<java.util.List<dev.maestro.ModelStatus>> models = java.util.List::of;
    private volatile Result cached;

    private record Result(boolean ready, ObjectNode body, long atNanos) {
    }

    public Health(Check database, Check provider) {
        this.database = database;
        this.provider = provider;
    }

    /** Checks the database with {@code select 1}. */
    public static Check database(DataSource dataSource) {
        return () -> {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.setQueryTimeout((int) PROBE_TIMEOUT.toSeconds());
                st.execute("select 1");
                return null;
            } catch (Exception e) {
                return "database: " + e.getMessage();
            }
        };
    }

    /** Checks that the configured chat provider answers HTTP (Ollama {@code /api/tags}, OpenAI {@code /models}). */
    public static Check provider(AppConfig config) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        boolean openAi = config.provider() == Provider.OPENAI;
        URI uri = URI.create(config.chatBaseUrl() + (openAi ? "/models" : "/api/tags"));
        Supplier<HttpRequest> request = () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(PROBE_TIMEOUT).GET();
            if (openAi && !config.openAiApiKey().isEmpty()) {
                b.header("Authorization", "Bearer " + config.openAiApiKey());
            }
            return b.build();
        };
        return () -> {
            try {
                int status = client.send(request.get(), HttpResponse.BodyHandlers.discarding()).statusCode();
                return status < 500 ? null : "provider: " + config.provider().displayName() + " at " + config.chatBaseUrl() + " answered " + status;
            } catch (java.io.IOException e) {
                return "provider: " + config.provider().displayName() + " at " + config.chatBaseUrl() + " is unreachable (" + e.getClass().getSimpleName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "provider: check interrupted";
            }
        };
    }

    /** The chat models to report (and to count as down when every one's breaker is open). */
    Health models(java.util.function.Supplier<java.util.List<dev.maestro.ModelStatus>> models) {
        this.models = models;
        return this;
    }

    /** True and the details, from cache when younger than {@link #TTL}. */
    synchronized ObjectNode ready(boolean[] ok) {
        Result r = cached;
        long now = System.nanoTime();
        if (r == null || now - r.atNanos > TTL.toNanos()) {
            String db = database.problem();
            String pr = provider.problem();
            java.util.List<dev.maestro.ModelStatus> chat = models.get();
            boolean anyModel = chat.isEmpty() || chat.stream().anyMatch(dev.maestro.ModelStatus::available);
            boolean degraded = chat.stream().anyMatch(m -> !m.available());
            boolean ready = db == null && pr == null && anyModel;
            ObjectNode body = Json.object();
            body.put("status", ready ? (degraded ? "degraded" : "ready") : "not_ready");
            ObjectNode checks = body.putObject("checks");
            checks.put("database", db == null ? "up" : db);
            checks.put("provider", pr == null ? "up" : pr);
            if (!anyModel) {
                checks.put("models", "every chat model's circuit breaker is open");
            }
            com.fasterxml.jackson.databind.node.ArrayNode list = body.putArray("models");
            for (dev.maestro.ModelStatus m : chat) {
                ObjectNode n = list.addObject();
                n.put("model", m.model()).put("endpoint", m.endpoint()).put("breaker", m.breaker())
                        .put("calls", m.calls()).put("failures", m.failures()).put("fallbacks", m.fallbacks()).put("skipped", m.skipped());
                if (m.lastLatencyMillis() >= 0) {
                    n.put("last_latency_ms", m.lastLatencyMillis());
                }
                if (!m.lastError().isEmpty()) {
                    n.put("last_error", m.lastError()).put("last_error_at", String.valueOf(m.lastErrorAt()));
                }
            }
            r = new Result(ready, body, now);
            cached = r;
        }
        ok[0] = r.ready;
        return r.body;
    }
}
