package dev.maestro.core.config;

/**
 * One entry of {@code endpoints} in {@code maestro.yaml}: a named model server beyond the two configured ones, e.g.
 * a vLLM box or a hosted OpenAI-compatible API, so that {@code NAME:MODEL} can be named wherever a model is. The API
 * key is a secret: {@link #toString()} masks it.
 *
 * @param name     what model references write before the colon ({@code vllm:llama-3.1-8b})
 * @param provider the wire format it speaks: {@link Provider#OPENAI} (OpenAI-compatible) or {@link Provider#OLLAMA}
 * @param baseUrl  its base URL, without a trailing slash
 * @param apiKey   the bearer key it needs, empty for none
 */
public record EndpointSettings(String name, Provider provider, String baseUrl, String apiKey) {

    public EndpointSettings {
        apiKey = apiKey == null ? "" : apiKey;
    }

    @Override
    public String toString() {
        return "EndpointSettings[name=" + name + ", provider=" + provider.name().toLowerCase(java.util.Locale.ROOT)
                + ", base-url=" + baseUrl + ", api-key=" + (apiKey.isEmpty() ? "(none)" : AppConfig.MASK) + "]";
    }
}
