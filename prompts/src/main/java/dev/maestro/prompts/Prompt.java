package dev.maestro.prompts;

import dev.maestro.core.Ensure;

import java.util.Map;

/**
 * One version of a prompt template. Variables are written {@code {{name}}}.
 *
 * @param id      stable name, e.g. {@code general.system}
 * @param version the template's version; a changed wording gets a new version, never an edit in place
 * @param text    the template
 * @since 0.1
 */
public record Prompt(String id, int version, String text) {

    public Prompt {
        Ensure.notBlank(id, "id");
        Ensure.positive(version, "version");
        Ensure.notNull(text, "text");
    }

    /** {@code id@vN}, as recorded with runs so an answer can be traced to the exact wording. */
    public String ref() {
        return id + "@v" + version;
    }

    /** The text with every {@code {{name}}} replaced; a variable without a value is an error. */
    public String render(Map<String, String> variables) {
        String out = text;
        for (Map.Entry<String, String> v : variables.entrySet()) {
            out = out.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        int open = out.indexOf("{{");
        if (open >= 0) {
            int close = out.indexOf("}}", open);
            String name = close > open ? out.substring(open + 2, close) : out.substring(open);
            throw new IllegalArgumentException("Prompt " + ref() + " needs a value for variable '" + name + "'");
        }
        return out;
    }
}
