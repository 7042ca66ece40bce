package dev.maestro.agents.routing;

import dev.maestro.testkit.ScriptedChatModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FallbackRouterTest {

    private static final String OUT_OF_SCOPE = "who won the world cup in 1998";

    private static EmbeddingRouter embeddingRouter;

    @BeforeAll
    static void embedExamples() {
        embeddingRouter = EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel()).routes(FixtureRoutes.routes())
                .threshold(0.65).build();
    }

    private static FallbackRouter withClassifier(ScriptedChatModel model) {
        return FallbackRouter.builder().embeddingRouter(embeddingRouter)
                .classifier(LlmRouteClassifier.builder().chatModel(model).routes(FixtureRoutes.routes()).build()).build();
    }

    @Test
    void should_not_call_the_llm_when_the_embedding_router_is_confident() {
        // given
        ScriptedChatModel model = ScriptedChatModel.empty();

        // when
        RouteDecision decision = withClassifier(model).route("is it going to snow in oslo tomorrow");

        // then
        assertThat(decision.route()).contains("weather");
        assertThat(decision.decidedBy()).isEqualTo(RouteDecision.DecidedBy.EMBEDDING);
        assertThat(model.requests()).isEmpty();
    }

    @Test
    void should_let_the_llm_decide_when_the_embedding_router_abstains() {
        // given
        ScriptedChatModel model = ScriptedChatModel.replying("{\"route\": \"general\", \"confidence\": 0.7}");

        // when
        RouteDecision decision = withClassifier(model).route(OUT_OF_SCOPE);

        // then
        assertThat(decision.route()).contains("general");
        assertThat(decision.abstained()).isTrue();
        assertThat(decision.decidedBy()).isEqualTo(RouteDecision.DecidedBy.LLM);
        assertThat(decision.confidence()).isEqualTo(0.7);
        assertThat(decision.alternatives()).hasSize(3);
        assertThat(model.remaining()).isZero();
    }

    @Test
    void should_fall_back_to_the_default_route_when_the_llm_says_none_or_fails() {
        // given
        FallbackRouter router = withClassifier(ScriptedChatModel.replying("{\"route\": \"none\", \"confidence\": 0.2}")
                .thenFail(new IllegalStateException("Ollama at http://localhost:11434 is unreachable")));

        // when
        RouteDecision none = router.route(OUT_OF_SCOPE);
        RouteDecision failed = router.route(OUT_OF_SCOPE);

        // then
        assertThat(none.route()).contains("general");
        assertThat(none.decidedBy()).isEqualTo(RouteDecision.DecidedBy.DEFAULT);
        assertThat(failed.route()).contains("general");
        assertThat(failed.decidedBy()).isEqualTo(RouteDecision.DecidedBy.DEFAULT);
    }

    @Test
    void should_use_the_default_route_without_a_chat_model() {
        // given
        FallbackRouter router = FallbackRouter.builder().embeddingRouter(embeddingRouter).defaultRoute("cooking").build();

        // when
        RouteDecision decision = router.route(OUT_OF_SCOPE);

        // then
        assertThat(decision.route()).contains("cooking");
        assertThat(decision.abstained()).isTrue();
        assertThat(decision.decidedBy()).isEqualTo(RouteDecision.DecidedBy.DEFAULT);
    }
}
