package dev.maestro.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maestro.core.ConfigException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads {@code prompts.experiments} of {@code maestro.yaml}: a list of {@code id}, {@code prompt}, {@code versions}
 * and optional {@code min-share}, {@code winner-at}, {@code min-votes} and {@code min-lift} (defaults below).
 */
final class PromptExperimentsSection {

    static final String KEY = "prompts.experiments";
    static final double DEFAULT_MIN_SHARE = 0.1;
    static final double DEFAULT_WINNER_AT = 0.99;
    static final int DEFAULT_MIN_VOTES = 100;
    static final double DEFAULT_MIN_LIFT = 0.05;
    private static final Set<String> FIELDS = Set.of("id", "prompt", "versions", "min-share", "winner-at", "min-votes", "min-lift");
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    private final Path file;

    PromptExperimentsSection(Path file) {
        this.file = file;
    }

    List<PromptExperimentSettings> read(JsonNode experiments) {
        if (experiments == null || experiments.isNull()) {
            return List.of();
        }
        if (!experiments.isArray()) {
            throw error("must be a list of experiments, each with an id, a prompt and its versions");
        }
        List<PromptExperimentSettings> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < experiments.size(); i++) {
            PromptExperimentSettings e = experiment(experiments.get(i), "entry " + (i + 1));
            if (!ids.add(e.id())) {
                throw error("declares experiment '" + e.id() + "' twice");
            }
            out.add(e);
        }
        return List.copyOf(out);
    }

    private PromptExperimentSettings experiment(JsonNode node, String where) {
        if (!node.isObject()) {
            throw error(where + " must be a mapping with id, prompt and versions");
        }
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw error(where + " has unknown field(s) " + unknown + "; valid fields: " + new TreeSet<>(FIELDS));
        }
        String id = node.path("id").asText("").strip();
        if (!ID.matcher(id).matches()) {
            throw error(where + " needs an id of lower-case letters, digits, '.', '-' or '_', starting with a letter, was '" + id + "'");
        }
        String at = "experiment '" + id + "'";
        String prompt = node.path("prompt").asText("").strip();
        if (prompt.isEmpty()) {
            throw error(at + " needs a prompt (a prompt id such as general.system)");
        }
        JsonNode versions = node.path("versions");
        List<Integer> list = new ArrayList<>();
        if (versions.isArray()) {
            versions.forEach(v -> list.add(v.canConvertToInt() && v.isIntegralNumber() ? v.intValue() : -1));
        }
        if (list.size() < 2 || list.contains(-1) || list.stream().anyMatch(v -> v < 1) || new HashSet<>(list).size() != list.size()) {
            throw error(at + " needs versions: a list of two or more distinct version numbers, e.g. [1, 2]");
        }
        return new PromptExperimentSettings(id, prompt, list,
                number(node, "min-share", DEFAULT_MIN_SHARE, at), number(node, "winner-at", DEFAULT_WINNER_AT, at),
                (int) number(node, "min-votes", DEFAULT_MIN_VOTES, at), number(node, "min-lift", DEFAULT_MIN_LIFT, at));
    }

    private double number(JsonNode node, String field, double fallback, String at) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw error(at + ": " + field + " must be a number, was '" + v.asText() + "'");
        }
        return v.doubleValue();
    }

    private ConfigException error(String message) {
        return new ConfigException(KEY + " in " + file + " " + message + ".");
    }
}
