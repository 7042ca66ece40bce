package dev.maestro.providers;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.EmbeddingProvider;
import dev.maestro.core.config.EndpointSettings;
import dev.maestro.core.config.Provider;
import dev.maestro.core.config.Setting;
import dev.maestro.core.ConfigException;
import dev.maestro.core.Ensure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns an {@link AppConfig} into LangChain4j models: the one place that picks a concrete provider.
 * <p>
 * Every HTTP model runs on a {@link ResilientHttpClient} (timeouts, retries and error mapping from the
 * configuration) with LangChain4j's own retries off and request/response logging off (it would log the
 * API key). So a failed call throws, or hands {@code onError}, a {@link dev.maestro.core.ProviderException}
 * that says what to do.
 * <pre>{@code
 * ChatModel chat = Providers.chatModel(config);
 * String answer = chat.chat("Hello");
 * QueryAwareEmbeddingModel embeddings = Providers.embeddingModel(config);
 * Embedding q = embeddings.embedQuery("what is maestro?");
 * }</pre>
 *
 * @since 0.1
 */
public final class Providers {

    /** Sent as the API key to OpenAI-compatible servers that need none (LangChain4j always sends one). */
    static final String PLACEHOLDER_API_KEY = "no-key";
    /** The only model the in-process ONNX provider has. */
    public static final String ONNX_MODEL = "bge-small-en-v1.5-q";
    static final int ONNX_DIMENSION = 384;

    private Providers() {
    }

    /** The configured chat model. */
    public static ChatModel chatModel(AppConfig config) {
        Ensure.notNull(config, "config");
        return chatModel(config, ModelRef.configured(config));
    }

    /** The chat model {@code ref} names, on its provider's configured endpoint. */
    public static ChatModel chatModel(AppConfig config, ModelRef ref) {
        Ensure.notNull(config, "config");
        String baseUrl = baseUrl(config, ref);
        ResilientHttpClient.Builder http = httpClientBuilder(config, ref.provider(), baseUrl, ref.model(), ModelPurpose.CHAT);
        return switch (ref.provider()) {
            case OLLAMA -> OllamaChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .modelName(ref.model())
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
            case OPENAI -> OpenAiChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(apiKey(config, ref))
                    .modelName(ref.model())
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
        };
    }

    /** The configured chat model, streaming. */
    public static StreamingChatModel streamingChatModel(AppConfig config) {
        Ensure.notNull(config, "config");
        return streamingChatModel(config, ModelRef.configured(config));
    }

    /** The streaming chat model {@code ref} names, on its provider's configured endpoint. */
    public static StreamingChatModel streamingChatModel(AppConfig config, ModelRef ref) {
        Ensure.notNull(config, "config");
        String baseUrl = baseUrl(config, ref);
        ResilientHttpClient.Builder http = httpClientBuilder(config, ref.provider(), baseUrl, ref.model(), ModelPurpose.CHAT);
        return switch (ref.provider()) {
            case OLLAMA -> OllamaStreamingChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .modelName(ref.model())
                    .logRequests(false)
                    .logResponses(false)
                    .build();
            case OPENAI -> OpenAiStreamingChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl)
                    .apiKey(apiKey(config, ref))
                    .modelName(ref.model())
                    .logRequests(false)
                    .logResponses(false)
                    .build();
        };
    }

    /**
     * {@code first}, then the models of {@code chat.fallback} (each once), as one streaming model whose circuit
     * breakers live in {@code health}. A chain of one model still gets its breaker.
     */
    public static ModelChain streamingChain(AppConfig config, List<ModelRef> first, ModelHealth health) {
        ModelChain.Builder chain = ModelChain.builder().health(health);
        for (ModelRef ref : withFallbacks(config, first)) {
            chain.link(ref.toString(), withoutUserInfoOf(config, ref), streamingChatModel(config, ref));
        }
        return chain.build();
    }

    /** {@link #streamingChain}'s blocking twin. */
    public static ChatModelChain chatChain(AppConfig config, List<ModelRef> first, ModelHealth health) {
        List<ChatModelChain.Link> links = new ArrayList<>();
        for (ModelRef ref : withFallbacks(config, first)) {
            links.add(new ChatModelChain.Link(ref.toString(), withoutUserInfoOf(config, ref), chatModel(config, ref)));
        }
        return new ChatModelChain(links, health);
    }

    /** The breakers' settings from the configuration. */
    public static ModelHealth.BreakerSettings breakerSettings(AppConfig config) {
        ModelHealth.BreakerSettings d = ModelHealth.BreakerSettings.DEFAULTS;
        return new ModelHealth.BreakerSettings(config.breakerFailureRate(), config.breakerSlowCall(), d.slowCallRatePercent(),
                config.breakerWindow(), d.minimumCalls(), config.breakerOpenFor());
    }

    /** {@code first} followed by {@code chat.fallback}, without repeats. */
    public static List<ModelRef> withFallbacks(AppConfig config, List<ModelRef> first) {
        Set<ModelRef> refs = new LinkedHashSet<>(first);
        refs.addAll(ModelRef.parseList(config.chatFallback(), config, Setting.CHAT_FALLBACK.key()));
        return List.copyOf(refs);
    }

    /** Where {@code ref}'s model is served: its declared endpoint, else its provider's configured base URL. */
    public static String baseUrl(AppConfig config, ModelRef ref) {
        if (!ref.endpoint().isEmpty()) {
            return config.endpoint(ref.endpoint()).map(EndpointSettings::baseUrl).orElseThrow(() -> new ConfigException(
                    "Model " + ref + " names endpoint '" + ref.endpoint() + "', which maestro.yaml's endpoints do not declare"));
        }
        return ref.provider() == Provider.OPENAI ? config.openAiBaseUrl() : config.ollamaBaseUrl();
    }

    private static String withoutUserInfoOf(AppConfig config, ModelRef ref) {
        return ProviderErrors.withoutUserInfo(baseUrl(config, ref));
    }

    /** The key for {@code ref}'s endpoint: a declared endpoint's own (or none), else {@link #apiKey(AppConfig)}. */
    static String apiKey(AppConfig config, ModelRef ref) {
        if (ref.endpoint().isEmpty()) {
            return apiKey(config);
        }
        String key = config.endpoint(ref.endpoint()).map(EndpointSettings::apiKey).orElse("");
        return key.isBlank() ? PLACEHOLDER_API_KEY : key.strip();
    }

    /**
     * The configured embedding model, which embeds passages; use {@link QueryAwareEmbeddingModel#forQueries()}
     * for queries. ONNX (the default) runs bge-small-en-v1.5 (quantized, 384 dimensions) in-process, with
     * nothing to download.
     *
     * @throws ConfigException when ONNX is asked for a model it does not bundle, or OpenAI has no API key
     */
    public static QueryAwareEmbeddingModel embeddingModel(AppConfig config) {
        Ensure.notNull(config, "config");
        String model = config.embeddingModel();
        EmbeddingModel base = switch (config.embeddingProvider()) {
            case ONNX -> {
                if (!ONNX_MODEL.equals(model)) {
                    throw new ConfigException("The onnx embedding provider bundles only " + ONNX_MODEL + ", not '" + model
                            + "' — unset " + Setting.EMBEDDING_MODEL.env() + ", or set " + Setting.EMBEDDING_PROVIDER.env()
                            + " to ollama or openai");
                }
                yield new OnnxBgeSmallEmbeddingModel();
            }
            case OLLAMA -> OllamaEmbeddingModel.builder()
                    .httpClientBuilder(httpClientBuilder(config, Provider.OLLAMA, config.ollamaBaseUrl(), model, ModelPurpose.EMBEDDING))
                    .baseUrl(config.ollamaBaseUrl())
                    .modelName(model)
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
            case OPENAI -> OpenAiEmbeddingModel.builder()
                    .httpClientBuilder(httpClientBuilder(config, Provider.OPENAI, config.openAiBaseUrl(), model, ModelPurpose.EMBEDDING))
                    .baseUrl(config.openAiBaseUrl())
                    .apiKey(apiKey(config))
                    .modelName(model)
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
        };
        return QueryAwareEmbeddingModel.forModel(new RecentEmbeddings(base, RecentEmbeddings.DEFAULT_SIZE), model);
    }

    /** What a collection records as the configured embedding model, e.g. {@code onnx:bge-small-en-v1.5-q}. */
    public static String embeddingModelName(AppConfig config) {
        return config.embeddingProvider().name().toLowerCase(java.util.Locale.ROOT) + ":" + config.embeddingModel();
    }

    /** The chat model in one line, e.g. {@code Ollama llama3.2 at http://localhost:11434}. */
    public static String describe(AppConfig config) {
        Provider provider = config.provider();
        String baseUrl = config.chatBaseUrl();
        return ProviderErrors.displayName(provider, baseUrl) + " " + config.chatModel() + " at " + ProviderErrors.withoutUserInfo(baseUrl);
    }

    /** The embedding model in one line, e.g. {@code ONNX bge-small-en-v1.5-q (in-process, 384 dimensions)}. */
    public static String describeEmbeddings(AppConfig config) {
        EmbeddingProvider provider = config.embeddingProvider();
        return switch (provider) {
            case ONNX -> "ONNX " + config.embeddingModel() + " (in-process, " + ONNX_DIMENSION + " dimensions)";
            case OLLAMA -> "Ollama " + config.embeddingModel() + " at " + ProviderErrors.withoutUserInfo(config.ollamaBaseUrl());
            case OPENAI -> ProviderErrors.displayName(Provider.OPENAI, config.openAiBaseUrl()) + " " + config.embeddingModel()
                    + " at " + ProviderErrors.withoutUserInfo(config.openAiBaseUrl());
        };
    }

    /** A client builder for the configured chat provider, for models this class does not make. */
    public static ResilientHttpClient.Builder httpClientBuilder(AppConfig config, ModelPurpose purpose) {
        return httpClientBuilder(config, config.provider(), config.chatBaseUrl(), config.chatModel(), purpose);
    }

    private static ResilientHttpClient.Builder httpClientBuilder(AppConfig config, Provider provider, String baseUrl,
                                                                 String model, ModelPurpose purpose) {
        return ResilientHttpClient.builder()
                .provider(provider)
                .baseUrl(baseUrl)
                .model(model)
                .purpose(purpose)
                .fixedTimeouts(config.connectTimeout(), config.readTimeout())
                .maxAttempts(config.maxAttempts())
                .retryBackoff(config.retryBackoff());
    }

    /**
     * The API key to send. api.openai.com without one fails here, before any request; other
     * OpenAI-compatible servers (LM Studio, vLLM, llama.cpp) often need none, so they get a placeholder.
     */
    static String apiKey(AppConfig config) {
        String key = config.openAiApiKey();
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        if (ProviderErrors.isOfficialOpenAi(config.openAiBaseUrl())) {
            throw new ConfigException(Setting.OPENAI_API_KEY.env() + " is not set, and " + config.openAiBaseUrl()
                    + " needs one — export " + Setting.OPENAI_API_KEY.env() + "=sk-…, or point "
                    + Setting.OPENAI_BASE_URL.env() + " at an OpenAI-compatible server, or set "
                    + Setting.PROVIDER.env() + "=ollama");
        }
        return PLACEHOLDER_API_KEY;
    }
}
