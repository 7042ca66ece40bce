package dev.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maestro.core.config.AppConfig;
import dev.maestro.graph.RunResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code maestro route} with the built-in agents and the in-process ONNX embeddings: offline, no chat model. */
class RouteCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_explain_a_decision_with_scores_thresholds_margins_and_complexity() throws Exception {
        // when
        CliRun run = CliRun.of(Map.of(), "route", "--json", "my", "java", "service", "throws", "a", "NullPointerException", "on", "startup");

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode d = JSON.readTree(run.out());
        assertThat(d.get("route").asText()).isEqualTo("coder");
        assertThat(d.get("abstained").asBoolean()).isFalse();
        assertThat(d.get("decided_by").asText()).isEqualTo("embedding");
        assertThat(d.get("complexity").asText()).isEqualTo("simple");
        JsonNode agents = d.get("agents");
        assertThat(agents).hasSize(3);
        assertThat(agents.get(0).get("agent").asText()).isEqualTo("coder");
        assertThat(d.get("margin").asDouble()).isEqualTo(agents.get(0).get("score").asDouble() - agents.get(1).get("score").asDouble());
        assertThat(d.get("margin").asDouble()).isGreaterThanOrEqualTo(agents.get(0).get("margin").asDouble());
        assertThat(agents.get(0).get("threshold").asDouble()).isEqualTo(0.5);
    }

    @Test
    void should_explain_a_decision_as_text_for_agents_from_a_file() {
        // when, with agents of four examples each
        CliRun run = CliRun.of(Map.of(), "route", "--agents", AskCommandIT.resource("agents/general-and-coder.yaml"), "hello there, how are you?");

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("general", "coder", "threshold 0.500", "lead of the best over the second", "complexity simple");
        assertThat(run.out()).endsWith("route general (embedding, no LLM call)\n");
    }

    @Test
    void should_print_the_calibration_on_the_examples() throws Exception {
        // when
        CliRun run = CliRun.of(Map.of(), "route", "--calibration", "--json");

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode c = JSON.readTree(run.out());
        int examples = 0;
        for (JsonNode a : c.get("agents")) {
            examples += a.get("examples").asInt();
            assertThat(a.get("held_out_top1").asDouble()).as(a.get("agent").asText()).isGreaterThan(0.9);
        }
        assertThat(c.get("observations").asInt()).isEqualTo(examples).isGreaterThan(300);
        assertThat(c.get("top1_accuracy").asDouble()).isGreaterThan(0.9);
    }

    @Test
    void should_ask_for_a_request() {
        // when
        CliRun run = CliRun.of(Map.of(), "route");

        // then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Give the request to route");
    }

    @Test
    void should_say_in_the_chat_line_when_the_route_came_from_the_default_or_the_llm() {
        // given
        AppConfig config = AppConfig.of(Map.of());
        RunResult r = new RunResult("hi", "general", List.of("general"), "llama3.2", "general", 10, 2, 15, false, "", List.of(), "");

        // then
        assertThat(ChatCommand.compactLine(config, r, "default")).startsWith("[route general (default) · agents general · ");
        assertThat(ChatCommand.compactLine(config, r, "llm")).startsWith("[route general (llm) · agents general · ");
        assertThat(ChatCommand.compactLine(config, r, "embedding")).startsWith("[route general · agents general · ");
    }
}
