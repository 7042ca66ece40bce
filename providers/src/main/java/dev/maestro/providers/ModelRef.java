package dev.maestro.providers;

import dev.maestro.core.ConfigException;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.EndpointSettings;
import dev.maestro.core.config.Provider;
import dev.maestro.core.config.Setting;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chat model named in configuration: {@code ollama:llama3.2}, {@code openai:gpt-4o-mini}, {@code NAME:model} for an
 * endpoint declared under {@code endpoints} in {@code maestro.yaml}, or a bare name for the configured provider. The
 * two providers' endpoints are their base-URL settings.
 *
 * @param provider the wire format
 * @param model    the model name the server knows
 * @param endpoint the declared endpoint's name, empty for the provider's configured one
 * @since 0.1
 */
public record ModelRef(Provider provider, String model, String endpoint) {

    public ModelRef {
        if (provider == null || model == null || model.isBlank()) {
            throw new IllegalArgumentException("a model reference needs a provider and a model name");
        }
        model = model.strip();
        endpoint = endpoint == null ? "" : endpoint;
    }

    /** A model on the provider's configured endpoint. */
    public ModelRef(Provider provider, String model) {
        this(provider, model, "");
    }

    /**
     * Parses {@code text}; a bare name means the configured provider.
     *
     * @param where what named it, for the error (e.g. {@code "agent coder's fallback"})
     * @throws ConfigException for an unknown provider prefix or an empty name
     */
    public static ModelRef parse(String text, AppConfig config, String where) {
        String t = text == null ? "" : text.strip();
        int colon = t.indexOf(':');
        String prefix = colon > 0 ? t.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (prefix.equals("ollama") || prefix.equals("openai")) {
            String name = t.substring(colon + 1).strip();
            if (name.isEmpty()) {
                throw new ConfigException(where + " names '" + t + "' without a model; write e.g. " + prefix + ":"
                        + (prefix.equals("ollama") ? "llama3.2" : "gpt-4o-mini"));
            }
            return new ModelRef(Provider.valueOf(prefix.toUpperCase(Locale.ROOT)), name);
        }
        if (colon > 0 && config.endpoint(prefix).isPresent()) {
            EndpointSettings named = config.endpoint(prefix).get();
            String name = t.substring(colon + 1).strip();
            if (name.isEmpty()) {
                throw new ConfigException(where + " names endpoint '" + prefix + "' without a model; write " + prefix + ":MODEL");
            }
            return new ModelRef(named.provider(), name, named.name());
        }
        if (t.isEmpty()) {
            throw new ConfigException(where + " names an empty model; write ollama:NAME, openai:NAME or a model of the configured provider");
        }
        // Ollama names carry tags after a colon (llama3.2:3b): only the two provider names are prefixes.
        return new ModelRef(config.provider(), t);
    }

    /** A comma-separated list of references (e.g. {@code chat.fallback}); empty for blank text. */
    public static List<ModelRef> parseList(String text, AppConfig config, String where) {
        List<ModelRef> refs = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return refs;
        }
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                refs.add(parse(part, config, where));
            }
        }
        return refs;
    }

    /** The configured chat model ({@code chat.model}, which may itself be provider- or endpoint-qualified). */
    public static ModelRef configured(AppConfig config) {
        return parse(config.chatModel(), config, Setting.CHAT_MODEL.key());
    }

    /** {@code provider:model} or {@code endpoint:model}, the name breakers, health and metrics use. */
    @Override
    public String toString() {
        return (endpoint.isEmpty() ? provider.name().toLowerCase(Locale.ROOT) : endpoint) + ":" + model;
    }
}
