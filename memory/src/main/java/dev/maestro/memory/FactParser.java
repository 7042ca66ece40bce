package dev.maestro.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Reads the fact-extraction reply: {@code {"facts": [{"fact", "importance", "replaces"}]}} or a bare array, code fences allowed. */
final class FactParser {

    static final double DEFAULT_IMPORTANCE = 0.5;

    record Fact(String text, double importance, List<Long> replaces) {
    }

    private FactParser() {
    }

    /** @throws MemoryException quoting the reply when it is not such JSON */
    static List<Fact> parse(String reply) {
        String json = reply == null ? "" : reply.strip();
        int start = firstOf(json, '{', '[');
        int end = Math.max(json.lastIndexOf('}'), json.lastIndexOf(']'));
        if (start < 0 || end < start) {
            throw new MemoryException("Fact extraction reply is not JSON: " + abbreviate(reply));
        }
        JsonNode root;
        try {
            root = Jdbc.JSON.readTree(json.substring(start, end + 1));
        } catch (JsonProcessingException e) {
            throw new MemoryException("Fact extraction reply is not valid JSON (" + e.getOriginalMessage() + "): " + abbreviate(reply), e);
        }
        JsonNode list = root.isArray() ? root : root.path("facts");
        if (!list.isArray()) {
            throw new MemoryException("Fact extraction reply has no \"facts\" list: " + abbreviate(reply));
        }
        List<Fact> out = new ArrayList<>();
        for (JsonNode node : list) {
            String text = node.isTextual() ? node.asText() : node.path("fact").asText("");
            if (text.isBlank()) {
                continue;
            }
            double importance = node.path("importance").isNumber() ? node.path("importance").asDouble() : DEFAULT_IMPORTANCE;
            List<Long> replaces = new ArrayList<>();
            for (JsonNode id : node.path("replaces")) {
                if (id.canConvertToLong()) {
                    replaces.add(id.asLong());
                } else if (id.isTextual() && id.asText().strip().matches("\\d+")) {
                    replaces.add(Long.parseLong(id.asText().strip()));
                }
            }
            out.add(new Fact(text.strip(), Math.clamp(importance, 0.0, 1.0), List.copyOf(replaces)));
        }
        return out;
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "(null)";
        }
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
