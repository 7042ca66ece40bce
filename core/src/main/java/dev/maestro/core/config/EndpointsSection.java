package dev.maestro.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maestro.core.ConfigException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads {@code endpoints}, the named model servers of {@code maestro.yaml}: a list of {@code name}, {@code base-url},
 * optional {@code provider} ({@code openai}, the default, or {@code ollama}) and {@code api-key}. Values may name
 * environment variables as {@code ${NAME}}, so keys stay out of the file.
 */
final class EndpointsSection {

    static final String KEY = "endpoints";
    private static final Set<String> FIELDS = Set.of("name", "provider", "base-url", "api-key");
    private static final Set<String> RESERVED = Set.of("ollama", "openai");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private final Map<String, String> env;
    private final Path file;

    EndpointsSection(Map<String, String> env, Path file) {
        this.env = env;
        this.file = file;
    }

    List<EndpointSettings> read(JsonNode endpoints) {
        if (endpoints == null || endpoints.isNull()) {
            return List.of();
        }
        if (!endpoints.isArray()) {
            throw error("must be a list of endpoints, each with a name and a base-url");
        }
        List<EndpointSettings> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < endpoints.size(); i++) {
            EndpointSettings e = endpoint(endpoints.get(i), "entry " + (i + 1));
            if (!names.add(e.name())) {
                throw error("declares endpoint '" + e.name() + "' twice");
            }
            out.add(e);
        }
        return List.copyOf(out);
    }

    private EndpointSettings endpoint(JsonNode node, String where) {
        if (!node.isObject()) {
            throw error(where + " must be a mapping with name and base-url");
        }
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw error(where + " has unknown field(s) " + unknown + "; valid fields: " + new TreeSet<>(FIELDS));
        }
        String name = node.path("name").asText("").strip();
        if (!NAME.matcher(name).matches()) {
            throw error(where + " needs a name of lower-case letters, digits, '-' or '_', starting with a letter (max 32), was '" + name + "'");
        }
        if (RESERVED.contains(name)) {
            throw error(where + " is named '" + name + "', which already means the configured " + name + " endpoint; choose another name");
        }
        String at = "endpoint '" + name + "'";
        String providerText = node.path("provider").asText("openai").strip().toLowerCase(Locale.ROOT);
        Provider provider = switch (providerText) {
            case "openai" -> Provider.OPENAI;
            case "ollama" -> Provider.OLLAMA;
            default -> throw error(at + ": provider must be openai (any OpenAI-compatible server) or ollama, was '" + providerText + "'");
        };
        String baseUrl = expand(node.path("base-url").asText("").strip(), at);
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw error(at + " needs a base-url starting with http:// or https://, e.g. http://gpu-box:8000/v1");
        }
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        return new EndpointSettings(name, provider, baseUrl, expand(node.path("api-key").asText("").strip(), at));
    }

    private String expand(String value, String where) {
        return ConfigVariables.expand(env, value, where, this::error);
    }

    private ConfigException error(String message) {
        return new ConfigException(KEY + " in " + file + " " + message + ".");
    }
}
