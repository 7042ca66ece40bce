package dev.maestro.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The published JSON Schema of workflow files ({@value #RESOURCE}), and the structural check against it: unknown
 * keys, wrong types, missing keys and bad values, each reported at its line and column.
 *
 * @since 0.1
 */
public final class WorkflowSchema {

    public static final String RESOURCE = "dev/maestro/workflows/workflow.schema.json";

    private static final JsonNode SCHEMA_TREE = readSchema();
    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SCHEMA_TREE, SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build());

    private WorkflowSchema() {
    }

    /** The schema text, for {@code maestro workflow schema} and documentation. */
    public static String text() {
        try (InputStream in = resource()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    static List<WorkflowError> validate(LocatedTree tree) {
        List<WorkflowError> errors = new ArrayList<>();
        for (ValidationMessage m : SCHEMA.validate(tree.root())) {
            String pointer = m.getInstanceLocation().toString();
            if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
                String at = LocatedTree.child(pointer, m.getProperty());
                errors.add(new WorkflowError(tree.at(at), "unknown key '" + m.getProperty() + "' in " + describe(pointer, tree)
                        + allowedKeys(m)));
            } else if ("required".equals(m.getType()) && m.getProperty() != null) {
                errors.add(new WorkflowError(tree.at(pointer), describe(pointer, tree) + " lacks required key '" + m.getProperty() + "'"));
            } else {
                errors.add(new WorkflowError(tree.at(pointer), describe(pointer, tree) + ": " + detail(m)));
            }
        }
        return errors;
    }

    /**
     * {@code /steps/0/risk} reads as {@code step 'analyze' risk} when the step has an id, else {@code steps[0].risk};
     * the root as {@code the workflow}.
     */
    static String describe(String pointer, LocatedTree tree) {
        if (pointer.isEmpty() || pointer.equals("/")) {
            return "the workflow";
        }
        java.util.regex.Matcher step = java.util.regex.Pattern.compile("/steps/(\\d+)(/.*)?").matcher(pointer);
        if (step.matches()) {
            JsonNode id = tree.root().path("steps").path(Integer.parseInt(step.group(1))).path("id");
            if (id.isTextual()) {
                return "step '" + id.asText() + "'" + (step.group(2) == null ? "" : " " + describe(step.group(2), tree));
            }
        }
        StringBuilder b = new StringBuilder();
        for (String part : pointer.substring(1).split("/")) {
            String p = part.replace("~1", "/").replace("~0", "~");
            if (p.chars().allMatch(Character::isDigit) && !p.isEmpty()) {
                b.append('[').append(p).append(']');
            } else {
                b.append(b.isEmpty() ? "" : ".").append(p);
            }
        }
        return b.toString();
    }

    /** The validator's message without its leading "{@code /path: }". */
    private static String detail(ValidationMessage m) {
        String text = m.getMessage();
        String prefix = m.getInstanceLocation().toString() + ": ";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    /** The keys the schema allows where an unknown one was found, read from the schema next to the failed keyword. */
    private static String allowedKeys(ValidationMessage m) {
        String fragment = m.getSchemaLocation().getFragment().toString();
        int cut = fragment.lastIndexOf('/');
        if (cut < 0) {
            return "";
        }
        JsonNode properties = SCHEMA_TREE.at(fragment.substring(0, cut)).path("properties");
        TreeSet<String> keys = new TreeSet<>();
        properties.fieldNames().forEachRemaining(keys::add);
        return keys.isEmpty() ? "" : " (allowed: " + String.join(", ", keys) + ")";
    }

    private static JsonNode readSchema() {
        try (InputStream in = resource()) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    private static InputStream resource() {
        InputStream in = WorkflowSchema.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("Missing resource " + RESOURCE);
        }
        return in;
    }
}
