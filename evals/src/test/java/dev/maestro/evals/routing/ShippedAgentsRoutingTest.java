package dev.maestro.evals.routing;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.maestro.agents.AgentCatalog;
import dev.maestro.agents.AgentSpec;
import dev.maestro.agents.routing.EmbeddingRouter;
import dev.maestro.agents.routing.FallbackRouter;
import dev.maestro.agents.routing.IntentRouter;
import dev.maestro.agents.routing.RouteDecision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in agents routed as the app routes them (calibrated embedding router, default agent general, no LLM),
 * with real offline embeddings: issue 18's goal on the shipped set, and the clauses a multi-intent request splits into.
 */
class ShippedAgentsRoutingTest {

    /** Each text embedded once across the tests (the shipped set is scored three times). */
    private static final CachedEmbeddingModel MODEL = new CachedEmbeddingModel(new BgeSmallEnV15QuantizedEmbeddingModel(), null);

    private static EmbeddingRouter router;

    @BeforeAll
    static void build() {
        router = EmbeddingRouter.builder().embeddingModel(MODEL)
                .routes(AgentCatalog.builtIn().routes()).build().calibrated();
    }

    @Test
    void should_meet_the_goal_on_the_shipped_set_without_an_llm() {
        // when
        AgentRoutingEval.Result r = AgentRoutingEval.builder().router(FallbackRouter.builder().embeddingRouter(router).build())
                .agents(AgentCatalog.builtIn().answering().stream().map(AgentSpec::name).toList()).build()
                .run("shipped", LabeledRequests.shipped());

        // then
        assertThat(r.accuracy()).isGreaterThanOrEqualTo(AgentRoutingReport.TARGET_ACCURACY);
        assertThat(r.decidedShare().get(RouteDecision.DecidedBy.EMBEDDING)).isGreaterThanOrEqualTo(AgentRoutingReport.TARGET_EMBEDDING_SHARE);
        assertThat(r.perAgent()).allSatisfy(s -> assertThat(s.recall()).as(s.agent()).isGreaterThan(0.85));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Write the code.                                             | coder
            Then find a paper about it.                                 | researcher
            Write a python function that parses CSV files.              | coder
            Then tell me what the ingested papers say about CSV dialects. | researcher
            Also, what is the capital of Peru?                          | general
            """)
    void should_decide_each_clause_of_a_multi_intent_request_without_abstaining(String clause, String agent) {
        // when: the graph's multi-intent split routes every clause and gives up when one abstains
        RouteDecision d = router.route(clause);

        // then
        assertThat(d.abstained()).as(d.reason()).isFalse();
        assertThat(d.route()).contains(agent);
    }

    @Test
    void should_route_most_requests_for_agents_with_six_examples_each() {
        // given the built-in agents as they were before issue 18, and the router variants
        AgentCatalog few = AgentCatalog.load(Path.of("src/test/resources/dev/maestro/evals/routing/few-shot-agents.yaml"));
        Map<String, IntentRouter> variants = RouterVariants.of(MODEL, few.routes(), "general");

        // when
        Map<String, AgentRoutingEval.Result> results = new LinkedHashMap<>();
        variants.forEach((name, router) -> results.put(name, AgentRoutingEval.builder().router(router)
                .agents(List.of("general", "researcher", "coder")).build().run(name, LabeledRequests.shipped())));

        // then the old absolute threshold abstained on most requests; margins decide most, and mostly right
        AgentRoutingEval.Result before = results.get(RouterVariants.ABSOLUTE);
        AgentRoutingEval.Result after = results.get(RouterVariants.DEFAULT);
        assertThat(before.decidedShare().get(RouteDecision.DecidedBy.EMBEDDING)).isLessThan(0.2);
        assertThat(after.decidedShare().get(RouteDecision.DecidedBy.EMBEDDING)).isGreaterThan(0.8);
        assertThat(after.accuracy()).isGreaterThan(0.85).isGreaterThan(before.accuracy() + 0.4);
        assertThat(results.get(RouterVariants.MARGINS).accuracy()).isGreaterThan(before.accuracy() + 0.4);
    }
}
