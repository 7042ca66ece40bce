package dev.maestro.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.maestro.agents.routing.Complexity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks of an agent's confidence cascade ({@link CascadeSpec}), run on its small model's answer in order:
 * rules first (free), then the answer's own confidence line, then the reviewer (a model call). The first that fails
 * escalates the request to the large model.
 */
final class ConfidenceCascade {

    /** Asked of the small model when {@code self-assessment} is on; the line is removed before anyone sees the answer. */
    static final String SELF_ASSESSMENT_NOTE = "After your answer, write one last line of the form `CONFIDENCE: 0.85`: "
            + "how likely (0 to 1) it is that your answer is correct and complete. Be honest: a low number is better than a wrong answer.";
    private static final Pattern CONFIDENCE = Pattern.compile(
            "(?im)^[ \\t>*_`]*confidence[ \\t*_`]*[:=][ \\t*_`]*(1(?:\\.0+)?|0?\\.\\d+|0)[ \\t*_`.]*$");
    private static final Pattern REFUSAL = Pattern.compile("(?i)^\\W*(i'?m sorry|i am sorry|sorry,|i can'?t|i cannot|i'?m (not able|unable)"
            + "|i am (not able|unable)|i don'?t know|i do not know|as an ai\\b)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A failed check. */
    record Failure(String check, String reason) {
    }

    /** The small model's answer without its confidence line, and the confidence it gave (null when none). */
    record Assessed(String answer, Double confidence) {
    }

    /** The verdict: the failure (empty when the answer stands) and the reviewer's call, when it was asked. */
    record Verdict(Optional<Failure> failure, Optional<CascadeOutcome.Call> reviewerCall) {
    }

    private final CascadeSpec spec;
    private final Agent reviewer;
    private final JsonSchema schema;

    ConfidenceCascade(CascadeSpec spec, Agent reviewer) {
        this.spec = spec;
        if (spec.uses(CascadeSpec.REVIEWER) && reviewer == null) {
            throw new IllegalArgumentException("cascade check 'reviewer' needs a reviewer agent in the catalog (role: reviewer)");
        }
        this.reviewer = reviewer;
        this.schema = spec.outputSchema() == null ? null
                : JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(spec.outputSchema());
    }

    boolean asksConfidence() {
        return spec.uses(CascadeSpec.SELF_ASSESSMENT);
    }

    /** Splits off the last confidence line, if the text has one. */
    static Assessed assess(String text) {
        String t = text == null ? "" : text;
        Matcher m = CONFIDENCE.matcher(t);
        int start = -1;
        int end = -1;
        String value = null;
        while (m.find()) {
            start = m.start();
            end = m.end();
            value = m.group(1);
        }
        if (value == null) {
            return new Assessed(t.strip(), null);
        }
        String answer = (t.substring(0, start) + t.substring(end)).strip();
        return new Assessed(answer, Double.parseDouble(value));
    }

    Verdict check(AgentRequest request, Assessed assessed) {
        if (spec.uses(CascadeSpec.RULES)) {
            Optional<Failure> rule = rules(assessed.answer());
            if (rule.isPresent()) {
                return new Verdict(rule, Optional.empty());
            }
        }
        if (asksConfidence()) {
            if (assessed.confidence() == null) {
                return new Verdict(Optional.of(new Failure(CascadeSpec.SELF_ASSESSMENT, "the answer gave no confidence line")), Optional.empty());
            }
            if (assessed.confidence() < spec.minConfidence()) {
                return new Verdict(Optional.of(new Failure(CascadeSpec.SELF_ASSESSMENT, String.format(Locale.ROOT,
                        "self-assessed confidence %.2f is below %.2f", assessed.confidence(), spec.minConfidence()))), Optional.empty());
            }
        }
        if (spec.uses(CascadeSpec.REVIEWER)) {
            AgentReply review = reviewer.reply(new AgentRequest(request.question(), "The answer to check:\n" + assessed.answer(), "",
                    Complexity.SIMPLE), TokenSink.NONE);
            CascadeOutcome.Call call = new CascadeOutcome.Call("review", review.model(), review.inputTokens(), review.outputTokens());
            String verdict = review.text().strip();
            if (verdict.toUpperCase(Locale.ROOT).startsWith("REJECT")) {
                String why = verdict.substring("REJECT".length()).replaceFirst("^[\\s:.-]+", "").strip();
                return new Verdict(Optional.of(new Failure(CascadeSpec.REVIEWER, why.isEmpty() ? "the reviewer rejected the answer" : why)),
                        Optional.of(call));
            }
            return new Verdict(Optional.empty(), Optional.of(call));
        }
        return new Verdict(Optional.empty(), Optional.empty());
    }

    private Optional<Failure> rules(String answer) {
        if (answer.isBlank()) {
            return Optional.of(new Failure(CascadeSpec.RULES, "empty answer"));
        }
        if (REFUSAL.matcher(answer).find()) {
            return Optional.of(new Failure(CascadeSpec.RULES, "the answer is a refusal"));
        }
        if (schema != null) {
            String json = answer.replaceFirst("^```(?:json)?\\s*", "").replaceFirst("\\s*```$", "");
            JsonNode node;
            try {
                node = JSON.readTree(json);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return Optional.of(new Failure(CascadeSpec.RULES, "the answer is not JSON, as output-schema requires"));
            }
            Set<ValidationMessage> errors = schema.validate(node);
            if (!errors.isEmpty()) {
                List<String> messages = new ArrayList<>(errors.stream().map(ValidationMessage::getMessage).toList());
                return Optional.of(new Failure(CascadeSpec.RULES, "the answer does not match output-schema: "
                        + messages.stream().sorted().collect(Collectors.joining("; "))));
            }
        }
        return Optional.empty();
    }
}
