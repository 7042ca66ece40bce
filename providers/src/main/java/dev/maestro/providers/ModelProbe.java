package dev.maestro.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.EndpointSettings;
import dev.maestro.core.config.Provider;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a model's endpoint whether it serves the model: Ollama's {@code /api/tags}, an OpenAI-compatible server's
 * {@code /models}. What {@code maestro providers} prints for each model of each chain.
 *
 * @since 0.1
 */
public final class ModelProbe {

    /** One model's answer: reachable and listing the model, reachable without it, or not reachable. */
    public record Result(ModelRef model, String endpoint, boolean reachable, boolean listed, long latencyMillis, String detail) {
        public boolean ok() {
            return reachable && listed;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelProbe() {
    }

    public static Result probe(AppConfig config, ModelRef ref, Duration timeout) {
        boolean openAi = ref.provider() == Provider.OPENAI;
        String base = Providers.baseUrl(config, ref);
        String endpoint = ProviderErrors.withoutUserInfo(base);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + (openAi ? "/models" : "/api/tags"))).timeout(timeout).GET();
        String key = !openAi ? "" : ref.endpoint().isEmpty() ? config.openAiApiKey().strip()
                : config.endpoint(ref.endpoint()).map(EndpointSettings::apiKey).orElse("").strip();
        if (!key.isEmpty()) {
            request.header("Authorization", "Bearer " + key);
        }
        long t0 = System.nanoTime();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build()) {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (response.statusCode() >= 400) {
                return new Result(ref, endpoint, true, false, ms, "answered HTTP " + response.statusCode()
                        + (response.statusCode() == 401 ? " (check openai.api-key)" : ""));
            }
            List<String> names = names(JSON.readTree(response.body()), openAi);
            boolean listed = names.stream().anyMatch(n -> n.equals(ref.model()) || (!openAi && n.equals(ref.model() + ":latest")));
            return new Result(ref, endpoint, true, listed, ms, listed ? "serves " + ref.model()
                    : "does not list " + ref.model() + (openAi ? "" : " (ollama pull " + ref.model() + ")") + "; it lists "
                    + (names.size() > 8 ? names.subList(0, 8) + " …" : names));
        } catch (java.io.IOException e) {
            return new Result(ref, endpoint, false, false, (System.nanoTime() - t0) / 1_000_000,
                    "unreachable (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + ProviderErrors.scrub(e.getMessage(), List.of(config.openAiApiKey(), key))) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(ref, endpoint, false, false, 0, "interrupted");
        }
    }

    private static List<String> names(JsonNode body, boolean openAi) {
        List<String> names = new ArrayList<>();
        for (JsonNode m : body.path(openAi ? "data" : "models")) {
            names.add(m.path(openAi ? "id" : "name").asText());
        }
        return names;
    }
}
