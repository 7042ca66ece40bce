package dev.maestro.core.config;

import dev.maestro.core.ConfigException;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ${NAME}} in the list-valued sections of {@code maestro.yaml}, so tokens and keys stay out of the file. */
final class ConfigVariables {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private ConfigVariables() {
    }

    /** Replaces {@code ${NAME}} by the variable's value; the message of a missing one names it, never a value. */
    static String expand(Map<String, String> env, String value, String where, Function<String, ConfigException> error) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) {
                throw error.apply(where + " uses ${" + m.group(1) + "}, which is not set in the environment; export it or write the value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
