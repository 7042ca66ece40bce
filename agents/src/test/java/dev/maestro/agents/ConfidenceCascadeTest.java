package dev.maestro.agents;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cascade's checks on answers as small models write them; the reviewer is a scripted agent. */
class ConfidenceCascadeTest {

    @Test
    void should_split_off_the_last_confidence_line_in_the_forms_models_write() {
        assertThat(ConfidenceCascade.assess("Paris.\nCONFIDENCE: 0.9")).isEqualTo(new ConfidenceCascade.Assessed("Paris.", 0.9));
        assertThat(ConfidenceCascade.assess("Paris.\n\n**Confidence:** 0.45")).isEqualTo(new ConfidenceCascade.Assessed("Paris.", 0.45));
        assertThat(ConfidenceCascade.assess("Paris.\nconfidence = 1")).isEqualTo(new ConfidenceCascade.Assessed("Paris.", 1.0));
        assertThat(ConfidenceCascade.assess("Paris.\nConfidence: .6\n")).isEqualTo(new ConfidenceCascade.Assessed("Paris.", 0.6));
        assertThat(ConfidenceCascade.assess("Paris.")).isEqualTo(new ConfidenceCascade.Assessed("Paris.", null));
        assertThat(ConfidenceCascade.assess("My confidence: high, it is Paris.").confidence()).as("prose is not a confidence line").isNull();
        assertThat(ConfidenceCascade.assess("CONFIDENCE: 0.2\nParis.\nCONFIDENCE: 0.8"))
                .as("the last line counts").isEqualTo(new ConfidenceCascade.Assessed("CONFIDENCE: 0.2\nParis.", 0.8));
    }

    @Test
    void should_fail_the_self_assessment_below_the_threshold_or_without_a_line() {
        ConfidenceCascade cascade = new ConfidenceCascade(new CascadeSpec(List.of("self-assessment"), 0.7, null), null);
        AgentRequest q = AgentRequest.of("q");
        assertThat(cascade.check(q, new ConfidenceCascade.Assessed("a", 0.7)).failure()).isEmpty();
        assertThat(cascade.check(q, new ConfidenceCascade.Assessed("a", 0.69)).failure()).get()
                .extracting(ConfidenceCascade.Failure::reason).isEqualTo("self-assessed confidence 0.69 is below 0.70");
        assertThat(cascade.check(q, new ConfidenceCascade.Assessed("a", null)).failure()).get()
                .extracting(ConfidenceCascade.Failure::check).isEqualTo("self-assessment");
    }

    @Test
    void should_fail_the_rules_on_empty_answers_and_refusals_only() {
        ConfidenceCascade cascade = new ConfidenceCascade(new CascadeSpec(List.of("rules"), null, null), null);
        AgentRequest q = AgentRequest.of("q");
        assertThat(reason(cascade, q, "  ")).isEqualTo("empty answer");
        for (String refusal : List.of("I'm sorry, but I can't do that.", "I cannot help with this.", "As an AI, I have no opinions.",
                "I don't know.", "Sorry, I am unable to answer.")) {
            assertThat(reason(cascade, q, refusal)).as(refusal).isEqualTo("the answer is a refusal");
        }
        assertThat(cascade.check(q, new ConfidenceCascade.Assessed("The docs say I can't be sure, but Paris.", null)).failure())
                .as("a refusal is how an answer starts, not any 'can't' inside it").isEmpty();
    }

    @Test
    void should_ask_the_reviewer_after_the_free_checks_and_count_its_call() {
        AtomicInteger asked = new AtomicInteger();
        Agent reviewer = new Agent() {
            @Override
            public String name() {
                return "reviewer";
            }

            @Override
            public AgentReply reply(AgentRequest request, TokenSink sink) {
                asked.incrementAndGet();
                String verdict = request.context().contains("Lyon") ? "REJECT: the capital of France is Paris" : "APPROVE";
                return new AgentReply("reviewer", verdict, "rev-m", 30, 5, "reviewer.system@v1");
            }
        };
        ConfidenceCascade cascade = new ConfidenceCascade(new CascadeSpec(List.of("rules", "reviewer"), null, null), reviewer);
        AgentRequest q = AgentRequest.of("Capital of France?");

        ConfidenceCascade.Verdict rejected = cascade.check(q, new ConfidenceCascade.Assessed("Lyon.", null));
        assertThat(rejected.failure()).get().isEqualTo(new ConfidenceCascade.Failure("reviewer", "the capital of France is Paris"));
        assertThat(rejected.reviewerCall()).contains(new CascadeOutcome.Call("review", "rev-m", 30, 5));
        assertThat(cascade.check(q, new ConfidenceCascade.Assessed("Paris.", null)).failure()).isEmpty();
        assertThat(cascade.check(q, new ConfidenceCascade.Assessed("", null)).reviewerCall()).as("rules fail first, for free").isEmpty();
        assertThat(asked).hasValue(2);
    }

    @Test
    void should_refuse_a_configuration_that_cannot_work() {
        assertThatThrownBy(() -> new CascadeSpec(List.of("vibes"), null, null)).hasMessageContaining("cascade check 'vibes' is unknown");
        assertThatThrownBy(() -> new CascadeSpec(null, 1.5, null)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new ConfidenceCascade(new CascadeSpec(List.of("reviewer"), null, null), null))
                .hasMessageContaining("needs a reviewer agent");
        assertThatThrownBy(() -> new AgentSpec("a", AgentSpec.Role.ANSWER, "", "general.system", "m", "", false, List.of(), List.of(),
                false, List.of(), new CascadeSpec(null, null, null))).hasMessageContaining("no large-model to escalate to");
        assertThat(new CascadeSpec(null, null, null).checks()).containsExactly("rules", "self-assessment");
        assertThat(new CascadeSpec(null, null, null).minConfidence()).isEqualTo(0.7);
    }

    @Test
    void should_read_a_cascade_from_the_agents_yaml(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("agents.yaml"), """
                agents:
                  - name: general
                    prompt: general.system
                    model: llama3.2
                    large-model: openai:gpt-4o
                    cascade:
                      checks: [rules, self-assessment]
                      min-confidence: 0.8
                      output-schema: {type: object, required: [answer]}
                  - name: plain
                    prompt: general.system
                """);
        List<AgentSpec> specs = AgentCatalog.load(file).all();
        CascadeSpec cascade = specs.get(0).cascade();
        assertThat(cascade.checks()).containsExactly("rules", "self-assessment");
        assertThat(cascade.minConfidence()).isEqualTo(0.8);
        assertThat(cascade.outputSchema().path("required").get(0).asText()).isEqualTo("answer");
        assertThat(specs.get(1).cascade()).as("off by default").isNull();
    }

    private static String reason(ConfidenceCascade cascade, AgentRequest q, String answer) {
        return cascade.check(q, new ConfidenceCascade.Assessed(answer.strip(), null)).failure().orElseThrow().reason();
    }
}
