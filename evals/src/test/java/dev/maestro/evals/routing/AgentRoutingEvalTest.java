package dev.maestro.evals.routing;

import dev.maestro.agents.routing.Complexity;
import dev.maestro.agents.routing.IntentRouter;
import dev.maestro.agents.routing.LabeledUtterance;
import dev.maestro.agents.routing.RouteDecision;
import dev.maestro.agents.routing.ScoredRoute;
import dev.maestro.core.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AgentRoutingEvalTest {

    /** "code" → coder by embedding, "llm" → coder by the LLM, anything else → abstain, then general by default. */
    private static final IntentRouter ROUTER = request -> {
        List<ScoredRoute> alts = List.of(new ScoredRoute("coder", 0.8), new ScoredRoute("general", 0.7));
        if (request.contains("code")) {
            return new RouteDecision(Optional.of("coder"), 0.8, false, alts, Complexity.SIMPLE, RouteDecision.DecidedBy.EMBEDDING);
        }
        if (request.contains("llm")) {
            return new RouteDecision(Optional.of("coder"), 0.9, true, alts, Complexity.SIMPLE, RouteDecision.DecidedBy.LLM);
        }
        return new RouteDecision(Optional.of("general"), 0.6, true, alts, Complexity.SIMPLE, RouteDecision.DecidedBy.DEFAULT);
    };

    private static final List<LabeledUtterance> REQUESTS = List.of(
            LabeledUtterance.of("write code", "coder"),
            LabeledUtterance.of("more code", "coder"),
            LabeledUtterance.of("llm, fix it", "coder"),
            LabeledUtterance.of("hello", "general"),
            LabeledUtterance.of("code of conduct?", "general"),
            LabeledUtterance.of("what do our docs say", "researcher"));

    private static AgentRoutingEval.Result run() {
        return AgentRoutingEval.builder().router(ROUTER).agents(List.of("general", "researcher", "coder")).build().run("six", REQUESTS);
    }

    @Test
    void should_score_the_agent_that_answers_and_who_decided() {
        // when
        AgentRoutingEval.Result r = run();

        // then 4 of 6 right: the three coder requests and "hello"
        assertThat(r.accuracy()).isCloseTo(4 / 6.0, within(1e-9));
        assertThat(r.decidedShare()).containsEntry(RouteDecision.DecidedBy.EMBEDDING, 3 / 6.0)
                .containsEntry(RouteDecision.DecidedBy.LLM, 1 / 6.0).containsEntry(RouteDecision.DecidedBy.DEFAULT, 2 / 6.0);
        assertThat(r.accuracyWhenDecidedBy(RouteDecision.DecidedBy.EMBEDDING)).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(r.accuracyWhenDecidedBy(RouteDecision.DecidedBy.NONE)).isNaN();
        assertThat(r.topOneAccuracy()).isCloseTo(3 / 6.0, within(1e-9));
        assertThat(r.outcomes().getFirst().margin()).isCloseTo(0.1, within(1e-9));
        assertThat(r.latencyMs()).hasSize(6).isSorted();
    }

    @Test
    void should_give_per_agent_precision_recall_and_the_confusion_matrix() {
        // when
        AgentRoutingEval.Result r = run();

        // then coder was chosen 4 times (3 right), general twice (1 right), researcher never
        assertThat(r.perAgent()).containsExactly(
                new AgentRoutingEval.AgentScore("general", 2, 2, 1, 0.5, 0.5),
                new AgentRoutingEval.AgentScore("researcher", 1, 0, 0, Double.NaN, 0.0),
                new AgentRoutingEval.AgentScore("coder", 3, 4, 3, 0.75, 1.0));
        assertThat(r.confusion()).isEqualTo(Map.of(
                "general", Map.of("general", 1, "researcher", 0, "coder", 1),
                "researcher", Map.of("general", 1, "researcher", 0, "coder", 0),
                "coder", Map.of("general", 0, "researcher", 0, "coder", 3)));
    }

    @Test
    void should_reject_a_request_labelled_with_an_agent_that_is_not_configured() {
        assertThatThrownBy(() -> AgentRoutingEval.builder().router(ROUTER).agents(List.of("general", "coder")).build().run("x", REQUESTS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("The request 'what do our docs say' is labelled 'researcher', which is not a configured agent; agents: [general, coder]");
    }

    @Test
    void should_write_results_json_and_both_reports(@TempDir Path dir) throws Exception {
        // when
        AgentRoutingReport.write(run(), dir, "maestro eval routing --agents", Map.of("method", "hybrid"), Map.of("other", run()));

        // then
        String json = Files.readString(dir.resolve("results.json"));
        assertThat(json).contains("\"accuracy\" : 0.6666666666666666", "\"embedding\" : 0.5", "\"llm\" : 0.16666666666666666",
                "\"command\" : \"maestro eval routing --agents\"", "\"text\" : \"code of conduct?\"", "\"variants\" : {");
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("| accuracy (agent that answers) | ≥ 90.0 % | 66.7 % | no |", "| coder | 3 | 4 | 75.0 % | 100.0 % |",
                "| general | 1 | 0 | 1 |", "![Precision and recall per agent](chart-2.png)",
                "| other | 66.7 % | 50.0 % | 66.7 % | 50.0 % |");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("data:image/png;base64,");
    }
}
