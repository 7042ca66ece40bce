package dev.maestro.agents.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.maestro.core.ConfigException;
import dev.maestro.core.Ensure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads routes declared as data, in YAML or JSON:
 *
 * <pre>{@code
 * routes:
 *   - name: coder
 *     description: writes, fixes and explains code
 *     examples:
 *       - write a python function that reverses a list
 *       - why does this java code throw a NullPointerException
 *   - name: general
 *     description: small talk and direct answers
 *     examples: [hi there, what can you do]
 * }</pre>
 *
 * A bare list of routes is accepted too. Unknown keys, duplicate names and blank examples are errors that name
 * the file and the route.
 *
 * @since 0.1
 */
public final class RouteFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ROUTE_KEYS = Set.of("name", "description", "examples");

    /** The syntax of a route file. */
    public enum Format {
        YAML, JSON;

        /** By extension: {@code .json} is JSON, anything else YAML (which also reads JSON). */
        public static Format of(Path file) {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        }
    }

    private RouteFile() {
    }

    /** Throws {@link ConfigException} when the file cannot be read or is malformed. */
    public static List<Route> load(Path file) {
        Ensure.notNull(file, "file");
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("Cannot read the route file " + file + ": " + e.getMessage(), e);
        }
        return parse(content, Format.of(file), file.toString());
    }

    /**
     * @param source names the content in error messages, e.g. the file path
     */
    public static List<Route> parse(String content, Format format, String source) {
        JsonNode root;
        try {
            root = (format == Format.JSON ? JSON : YAML).readTree(Ensure.notNull(content, "content"));
        } catch (JsonProcessingException e) {
            throw new ConfigException("The route file " + source + " is not valid " + format + ": " + e.getOriginalMessage(), e);
        }
        JsonNode list = root != null && root.isObject() ? root.get("routes") : root;
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ConfigException("The route file " + source + " declares no routes; expected a non-empty list under 'routes:'");
        }
        List<Route> routes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Route route = route(list.get(i), source, i);
            if (!names.add(route.name())) {
                throw new ConfigException("The route file " + source + " declares route '" + route.name() + "' twice; route names must be unique");
            }
            routes.add(route);
        }
        return List.copyOf(routes);
    }

    private static Route route(JsonNode node, String source, int index) {
        String where = "The route file " + source + ", route #" + (index + 1);
        if (!node.isObject()) {
            throw new ConfigException(where + " is not a mapping; give it name, description and examples");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!ROUTE_KEYS.contains(key)) {
                throw new ConfigException(where + " has an unknown key '" + key + "'; allowed keys are name, description, examples");
            }
        }
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new ConfigException(where + " has no name");
        }
        where = "The route file " + source + ", route '" + name.asText() + "'";
        JsonNode description = node.get("description");
        if (description != null && !description.isTextual()) {
            throw new ConfigException(where + ": description must be text");
        }
        List<String> examples = new ArrayList<>();
        JsonNode list = node.get("examples");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new ConfigException(where + ": examples must be a list of utterances");
            }
            for (JsonNode e : list) {
                if (!e.isTextual() || e.asText().isBlank()) {
                    throw new ConfigException(where + ": every example must be non-blank text, got " + e);
                }
                examples.add(e.asText().strip());
            }
        }
        return new Route(name.asText().strip(), description == null ? "" : description.asText(), examples);
    }
}
