package dev.maestro.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementUtils;

import java.io.UncheckedIOException;

/**
 * A tool's argument schema as JSON, the way the providers send it (for validation, listings and the console).
 *
 * @since 0.1
 */
public final class ToolSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolSchema() {
    }

    /** The schema as a JSON tree; an object schema with no properties for a tool without parameters. */
    public static JsonNode tree(ToolSpecification spec) {
        if (spec.parameters() == null) {
            return JSON.createObjectNode().put("type", "object").set("properties", JSON.createObjectNode());
        }
        // LangChain4j keeps its schema-to-map conversion in an internal class; it is what its providers send.
        return JSON.valueToTree(JsonSchemaElementUtils.toMap(spec.parameters()));
    }

    /** The schema as compact JSON text. */
    public static String json(ToolSpecification spec) {
        try {
            return JSON.writeValueAsString(tree(spec));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
