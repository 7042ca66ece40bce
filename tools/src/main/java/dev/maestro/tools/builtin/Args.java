package dev.maestro.tools.builtin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maestro.tools.ToolException;

/** Reads the (already schema-validated) arguments of a built-in. */
final class Args {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode node;

    private Args(JsonNode node) {
        this.node = node;
    }

    static Args parse(String json) {
        try {
            return new Args(JSON.readTree(json == null || json.isBlank() ? "{}" : json));
        } catch (JsonProcessingException e) {
            throw new ToolException("Arguments are not valid JSON: " + e.getOriginalMessage());
        }
    }

    String text(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new ToolException("Argument '" + name + "' is required.");
        }
        return v.asText();
    }

    String text(String name, String fallback) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    int integer(String name, int fallback) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? fallback : v.asInt();
    }
}
