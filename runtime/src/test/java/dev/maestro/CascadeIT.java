package dev.maestro;

import dev.maestro.agents.AgentSpec;
import dev.maestro.agents.CascadeSpec;
import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunResult;
import dev.maestro.testkit.OpenAiStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The confidence cascade through the whole runtime: an agent's small and large models on one OpenAI-compatible
 * WireMock server (each answering as itself), real PostgreSQL, prices so the savings can be checked by hand.
 * Prices: small-m $1/$2 and large-m $10/$20 per million input/output tokens.
 */
class CascadeIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();

    private Maestro maestro(CascadeSpec cascade) {
        AgentSpec agent = new AgentSpec("helper", AgentSpec.Role.ANSWER, "Helps.", "general.system", "small-m", "large-m", false,
                List.of(), List.of(), false, List.of(), cascade);
        return Maestro.builder().set("provider", "openai").set("openai.base-url", openAi.baseUrl()).set("openai.api-key", "sk-test")
                .set("provider.max-attempts", "1").set("memory.facts", "false").set("cost.prices", "small-m=1/2, large-m=10/20")
                .agent(agent).dataSource(db.dataSource()).backgroundMemory(false).setupLog(null).build();
    }

    private record Turn(RunResult result, List<RunEvent> events) {
        String streamed() {
            return events.stream().filter(e -> e.type() == RunEvent.Type.TOKEN).map(e -> e.text("text")).collect(Collectors.joining());
        }

        RunEvent only(RunEvent.Type type) {
            List<RunEvent> of = events.stream().filter(e -> e.type() == type).toList();
            assertThat(of).hasSize(1);
            return of.get(0);
        }
    }

    private static Turn turn(Maestro m, String question) {
        ChatRun run = m.chat(ChatRequest.of(question));
        List<RunEvent> events = run.events().toList();
        return new Turn(run.await(), events);
    }

    @Test
    void a_confident_small_answer_stands_and_the_large_model_is_never_asked() {
        // given
        openAi.streamTokensAs("small-m", List.of("Paris is the capital ", "of France.\n", "CONFIDENCE: 0.92"), 100, 50);
        openAi.streamTokensAs("large-m", List.of("large answer"), 120, 60);
        try (Maestro m = maestro(new CascadeSpec(List.of("rules", "self-assessment"), 0.7, null))) {
            // when
            Turn t = turn(m, "What is the capital of France?");

            // then: the small answer without its confidence line, streamed once and whole
            assertThat(t.result().answer()).isEqualTo("Paris is the capital of France.");
            assertThat(t.streamed()).isEqualTo("Paris is the capital of France.");
            assertThat(t.result().model()).isEqualTo("small-m");
            assertThat(openAi.requests()).extracting(r -> r.body().contains("large-m")).containsOnly(false);
            assertThat(openAi.requests().get(0).body()).contains("CONFIDENCE: 0.85");
            RunEvent cascade = t.only(RunEvent.Type.CASCADE);
            assertThat(cascade.data()).containsEntry("escalated", false).containsEntry("confidence", 0.92)
                    .containsEntry("large_tokens_avoided", 150).containsEntry("extra_tokens", 0);
            // large would have cost 100×10/1e6 + 50×20/1e6 = 0.002; small cost 100×1/1e6 + 50×2/1e6 = 0.0002
            assertThat(((Number) cascade.data().get("saved_cost_usd")).doubleValue()).isCloseTo(0.0018, within(1e-12));
        }
    }

    @Test
    void a_low_self_assessment_escalates_and_only_the_large_answer_reaches_the_user() {
        // given
        openAi.streamTokensAs("small-m", List.of("Maybe Lyon?\n", "CONFIDENCE: 0.3"), 100, 50);
        openAi.streamTokensAs("large-m", List.of("Paris ", "is the capital."), 120, 60);
        try (Maestro m = maestro(new CascadeSpec(List.of("self-assessment"), 0.7, null))) {
            // when
            Turn t = turn(m, "What is the capital of France?");

            // then: no spliced text; both calls counted and priced
            assertThat(t.result().answer()).isEqualTo("Paris is the capital.");
            assertThat(t.streamed()).isEqualTo("Paris is the capital.").doesNotContain("Lyon");
            assertThat(t.result().model()).isEqualTo("large-m");
            RunEvent cascade = t.only(RunEvent.Type.CASCADE);
            assertThat(cascade.data()).containsEntry("escalated", true).containsEntry("check", "self-assessment")
                    .containsEntry("large_tokens_avoided", 0).containsEntry("extra_tokens", 150);
            assertThat(cascade.text("reason")).contains("0.30 is below 0.70");
            assertThat(((Number) cascade.data().get("saved_cost_usd")).doubleValue()).isCloseTo(-0.0002, within(1e-12));
            List<RunEvent> usage = t.events().stream().filter(e -> e.type() == RunEvent.Type.USAGE).toList();
            assertThat(usage).extracting(e -> e.text("model")).contains("small-m", "large-m");
            assertThat(t.result().inputTokens()).isEqualTo(220);
            assertThat(t.result().outputTokens()).isEqualTo(110);
            // 0.0002 (the wasted small attempt) + 120×10/1e6 + 60×20/1e6 = 0.0026
            RunEvent finished = t.only(RunEvent.Type.RUN_FINISHED);
            assertThat(((Number) finished.data().get("cost_usd")).doubleValue()).isCloseTo(0.0026, within(1e-12));
        }
    }

    @Test
    void a_refusal_or_an_answer_off_its_schema_escalates_under_the_rules() throws Exception {
        openAi.streamTokensAs("small-m", List.of("I'm sorry, but I can't help with that."), 10, 10);
        openAi.streamTokensAs("large-m", List.of("{\"city\": \"Paris\"}"), 20, 10);
        try (Maestro m = maestro(new CascadeSpec(List.of("rules"), null, null))) {
            Turn t = turn(m, "Which city?");
            assertThat(t.only(RunEvent.Type.CASCADE).data()).containsEntry("check", "rules").containsEntry("reason", "the answer is a refusal");
            assertThat(t.result().answer()).isEqualTo("{\"city\": \"Paris\"}");
        }
        openAi.reset();
        openAi.streamTokensAs("small-m", List.of("{\"town\": \"Paris\"}"), 10, 10);
        openAi.streamTokensAs("large-m", List.of("{\"city\": \"Paris\"}"), 20, 10);
        var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"type\":\"object\",\"required\":[\"city\"]}");
        try (Maestro m = maestro(new CascadeSpec(List.of("rules"), null, schema))) {
            Turn t = turn(m, "Which city, as JSON?");
            assertThat(t.only(RunEvent.Type.CASCADE).text("reason")).contains("does not match output-schema").contains("city");
            assertThat(t.result().answer()).isEqualTo("{\"city\": \"Paris\"}");
        }
    }
}
