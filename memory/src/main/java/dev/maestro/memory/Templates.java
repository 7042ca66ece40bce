package dev.maestro.memory;

import java.util.Map;

/** {@code {{name}}} substitution, the syntax of the prompts module, without depending on it. */
final class Templates {

    private Templates() {
    }

    static String render(String template, Map<String, String> variables) {
        String out = template;
        for (Map.Entry<String, String> v : variables.entrySet()) {
            out = out.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        return out;
    }

    /** @throws IllegalArgumentException naming the prompt and the variable when it lacks one */
    static String requireVariables(String template, String what, String... names) {
        for (String name : names) {
            if (!template.contains("{{" + name + "}}")) {
                throw new IllegalArgumentException(what + " must contain {{" + name + "}}; pass PromptLibrary's memory prompt"
                        + " or a template with the same variables");
            }
        }
        return template;
    }
}
