package dev.maestro.workflows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON or YAML document read into a Jackson tree, with the line and column of every node by JSON Pointer. Jackson's
 * tree keeps no positions, so the tree is built here from the streaming parser. A member's position is its key's.
 */
final class LocatedTree {

    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;
    private final Map<String, Location> locations;
    private final List<WorkflowError> errors;

    private LocatedTree(JsonNode root, Map<String, Location> locations, List<WorkflowError> errors) {
        this.root = root;
        this.locations = locations;
        this.errors = errors;
    }

    /** Reads {@code text}; YAML unless it starts with '{' (every JSON document is YAML, but JSON errors read better). */
    static LocatedTree parse(String text) {
        boolean json = text.stripLeading().startsWith("{");
        Map<String, Location> locations = new HashMap<>();
        List<WorkflowError> errors = new ArrayList<>();
        try (JsonParser p = (json ? JSON : YAML).createParser(text)) {
            if (p.nextToken() == null) {
                errors.add(new WorkflowError(new Location(1, 1), "the file is empty; a workflow needs at least name and steps"));
                return new LocatedTree(NODES.missingNode(), locations, errors);
            }
            JsonNode root = new Reader(p, locations, errors).read("");
            return new LocatedTree(root, locations, errors);
        } catch (JsonProcessingException e) {
            errors.add(new WorkflowError(location(e.getLocation()), "syntax error: " + e.getOriginalMessage().strip()));
            return new LocatedTree(NODES.missingNode(), locations, errors);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the workflow text", e);
        }
    }

    JsonNode root() {
        return root;
    }

    /** Syntax errors and duplicate keys. */
    List<WorkflowError> errors() {
        return errors;
    }

    /** The position of the node at {@code pointer}, or of its nearest ancestor that has one. */
    Location at(String pointer) {
        for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
            Location l = locations.get(p);
            if (l != null) {
                return l;
            }
            if (p.isEmpty()) {
                return new Location(1, 1);
            }
        }
    }

    static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    private static Location location(JsonLocation l) {
        return l == null ? new Location(1, 1) : new Location(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private record Reader(JsonParser p, Map<String, Location> locations, List<WorkflowError> errors) {

        JsonNode read(String pointer) throws IOException {
            locations.putIfAbsent(pointer, location(p.currentTokenLocation()));
            JsonToken t = p.currentToken();
            return switch (t) {
                case START_OBJECT -> object(pointer);
                case START_ARRAY -> array(pointer);
                case VALUE_STRING -> NODES.textNode(p.getText());
                case VALUE_NUMBER_INT -> NODES.numberNode(p.getBigIntegerValue());
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                default -> NODES.nullNode();
            };
        }

        private ObjectNode object(String pointer) throws IOException {
            ObjectNode o = NODES.objectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                String child = child(pointer, name);
                Location key = location(p.currentTokenLocation());
                p.nextToken();
                if (o.has(name)) {
                    errors.add(new WorkflowError(key, "duplicate key '" + name + "' (first at " + locations.get(child) + ")"));
                    read(child + "~dup");
                    continue;
                }
                locations.put(child, key);
                o.set(name, read(child));
            }
            return o;
        }

        private ArrayNode array(String pointer) throws IOException {
            ArrayNode a = NODES.arrayNode();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                a.add(read(child(pointer, i++)));
            }
            return a;
        }
    }
}
