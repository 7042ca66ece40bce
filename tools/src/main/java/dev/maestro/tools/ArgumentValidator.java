package dev.maestro.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.langchain4j.agent.tool.ToolSpecification;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks a call's arguments against its tool's JSON schema before the tool runs (networknt's validator, draft
 * 2020-12). Schemas are compiled once per specification.
 */
final class ArgumentValidator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final Map<ToolSpecification, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** The arguments as a JSON object ({@code {}} for blank); throws {@link ToolException} listing every violation. */
    String validate(ToolSpecification spec, String argumentsJson) {
        String args = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
        JsonNode node;
        try {
            node = JSON.readTree(args);
        } catch (JsonProcessingException e) {
            throw new ToolException("Arguments for " + spec.name() + " are not valid JSON (" + e.getOriginalMessage()
                    + "); send one JSON object matching the tool's schema.");
        }
        if (node == null || !node.isObject()) {
            throw new ToolException("Arguments for " + spec.name() + " must be a JSON object, got: " + args);
        }
        if (spec.parameters() == null) {
            return args;
        }
        Set<ValidationMessage> errors = schemas.computeIfAbsent(spec, ArgumentValidator::compile).validate(node);
        if (!errors.isEmpty()) {
            throw new ToolException("Invalid arguments for " + spec.name() + ": "
                    + errors.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; "))
                    + ". Fix them and call the tool again.");
        }
        return args;
    }

    private static JsonSchema compile(ToolSpecification spec) {
        return FACTORY.getSchema(ToolSchema.tree(spec));
    }
}
