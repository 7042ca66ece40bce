package dev.maestro.workflows;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * An action named by a string, as error handlers, compensations, cleanup and success actions write them:
 * {@code @agent} runs an agent, a single lower-case word names a built-in action, anything else is a shell command
 * (run in the configured workspace with the dangerous risk level).
 *
 * @since 0.1
 */
public record ActionRef(Kind kind, String value) {

    public enum Kind { AGENT, BUILT_IN, SHELL }

    /** The built-in actions a workflow may name. */
    public static final Set<String> BUILT_INS = Set.of("request_user_input", "commit_changes", "update_documentation",
            "notify_completion", "notify_team", "remove_temp_files", "reset_test_data");
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_]*");

    public static ActionRef parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.startsWith("@")) {
            return new ActionRef(Kind.AGENT, s.substring(1));
        }
        return new ActionRef(WORD.matcher(s).matches() ? Kind.BUILT_IN : Kind.SHELL, s);
    }

    @Override
    public String toString() {
        return kind == Kind.AGENT ? "@" + value : value;
    }
}
