package dev.maestro.agents;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An agent's confidence cascade, as declared under {@code cascade:} in the agents YAML: which checks its small model's
 * answer must pass before it stands; a failed check escalates the request to the agent's {@code large-model}.
 *
 * @param checks        {@code rules} (empty answer, refusal, {@code output-schema}), {@code self-assessment} (the
 *                      answer's own confidence line) and {@code reviewer} (the catalog's reviewer agent approves)
 * @param minConfidence the self-assessed confidence below which the answer escalates (0..1)
 * @param outputSchema  a JSON Schema the answer must satisfy under {@code rules}; null for none
 */
public record CascadeSpec(List<String> checks, @JsonProperty("min-confidence") Double minConfidence,
                          @JsonProperty("output-schema") JsonNode outputSchema) {

    public static final String RULES = "rules";
    public static final String SELF_ASSESSMENT = "self-assessment";
    public static final String REVIEWER = "reviewer";
    private static final Set<String> KNOWN = Set.of(RULES, SELF_ASSESSMENT, REVIEWER);
    static final double DEFAULT_MIN_CONFIDENCE = 0.7;

    public CascadeSpec {
        checks = checks == null || checks.isEmpty() ? List.of(RULES, SELF_ASSESSMENT)
                : checks.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
        for (String c : checks) {
            if (!KNOWN.contains(c)) {
                throw new IllegalArgumentException("cascade check '" + c + "' is unknown; use " + RULES + ", " + SELF_ASSESSMENT
                        + " or " + REVIEWER);
            }
        }
        minConfidence = minConfidence == null ? DEFAULT_MIN_CONFIDENCE : minConfidence;
        if (minConfidence < 0 || minConfidence > 1) {
            throw new IllegalArgumentException("cascade min-confidence must be between 0 and 1, was " + minConfidence);
        }
        if (outputSchema != null && outputSchema.isNull()) {
            outputSchema = null;
        }
    }

    public boolean uses(String check) {
        return checks.contains(check);
    }
}
