package dev.maestro.agents.routing;

import dev.langchain4j.data.embedding.Embedding;
import dev.maestro.core.MaestroException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real, offline embeddings (bge-small-en-v1.5 in-process) on the five fixture routes. */
class EmbeddingRouterTest {

    /** Fixture in-scope requests score 0.75 and up (hybrid), unrelated ones 0.56 and below. */
    private static final double FIXTURE_THRESHOLD = 0.65;

    private static EmbeddingRouter router;

    @BeforeAll
    static void embedExamples() {
        router = EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel()).routes(FixtureRoutes.routes())
                .threshold(FIXTURE_THRESHOLD).build();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            can you write a java method that sorts an array | coder
            is it going to snow in oslo tomorrow            | weather
            how do I bake banana bread                      | cooking
            hello, nice to meet you                         | general
            """)
    void should_route_a_request_to_the_route_with_similar_examples(String request, String expected) {
        // when
        RouteDecision decision = router.route(request);

        // then
        assertThat(decision.route()).contains(expected);
        assertThat(decision.abstained()).isFalse();
        assertThat(decision.decidedBy()).isEqualTo(RouteDecision.DecidedBy.EMBEDDING);
        assertThat(decision.confidence()).isGreaterThanOrEqualTo(FIXTURE_THRESHOLD).isEqualTo(decision.alternatives().getFirst().score());
    }

    @ParameterizedTest
    @ValueSource(strings = {"my tooth hurts after the dentist", "who won the world cup in 1998", "explain quantum entanglement"})
    void should_abstain_when_no_route_is_similar_enough(String request) {
        // when
        RouteDecision decision = router.route(request);

        // then
        assertThat(decision.abstained()).isTrue();
        assertThat(decision.route()).isEmpty();
        assertThat(decision.decidedBy()).isEqualTo(RouteDecision.DecidedBy.NONE);
        assertThat(decision.confidence()).isLessThan(FIXTURE_THRESHOLD);
    }

    @Test
    void should_list_three_alternatives_best_first_with_the_complexity() {
        // when
        RouteDecision decision = router.route("first plan a trip to rome, then book a hotel and compare the prices");

        // then
        assertThat(decision.alternatives()).hasSize(EmbeddingRouter.ALTERNATIVES);
        assertThat(decision.alternatives().getFirst().route()).isEqualTo("travel");
        assertThat(decision.alternatives()).extracting(ScoredRoute::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(decision.complexity()).isEqualTo(Complexity.COMPLEX);
    }

    @ParameterizedTest
    @EnumSource(RoutingMethod.class)
    void should_route_held_out_paraphrases_with_knn_centroid_and_hybrid(RoutingMethod method) {
        // given
        EmbeddingRouter r = EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel()).routes(FixtureRoutes.routes())
                .method(method).threshold(-1).build();
        Map<String, String> heldOut = Map.of(
                "write a unit test for this class", "coder",
                "what's the temperature outside right now", "weather",
                "reserve a seat on the next train to paris", "travel",
                "how many minutes do I bake cookies", "cooking",
                "hey, how's it going", "general");

        // when / then
        heldOut.forEach((request, expected) -> assertThat(r.route(request).route()).as(method + ": " + request).contains(expected));
        assertThat(r.method()).isEqualTo(method);
    }

    @Test
    void should_fit_thresholds_that_abstain_on_out_of_scope_and_keep_in_scope() {
        // given
        EmbeddingRouter unfitted = EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel()).routes(FixtureRoutes.routes())
                .threshold(-1).build();
        List<LabeledUtterance> heldOut = List.of(
                LabeledUtterance.of("debug this python script for me", "coder"),
                LabeledUtterance.of("will it be sunny on saturday", "weather"),
                LabeledUtterance.of("get me a plane ticket to madrid", "travel"),
                LabeledUtterance.of("what's a good recipe for lasagna", "cooking"),
                LabeledUtterance.of("good evening", "general"),
                LabeledUtterance.outOfScope("what is the capital of australia"),
                LabeledUtterance.outOfScope("my car makes a strange noise"),
                LabeledUtterance.outOfScope("how do I file my taxes"),
                LabeledUtterance.outOfScope("recommend a good sci-fi novel"));

        // when
        EmbeddingRouter fitted = unfitted.fitThresholds(heldOut);

        // then
        assertThat(unfitted.route("who won the world cup in 1998").abstained()).isFalse();
        assertThat(fitted.route("who won the world cup in 1998").abstained()).isTrue();
        assertThat(fitted.route("is it going to snow in oslo tomorrow").route()).contains("weather");
        assertThat(fitted.thresholds()).containsOnlyKeys("coder", "weather", "travel", "cooking", "general");
    }

    @Test
    void should_reject_an_embedding_of_another_size_naming_both_sizes() {
        assertThatThrownBy(() -> router.route("hi", Embedding.from(new float[]{1, 0, 0})))
                .isInstanceOf(MaestroException.class)
                .hasMessageContaining("3 dimensions").hasMessageContaining("384");
    }

    @Test
    void should_reject_duplicate_routes_unknown_threshold_names_and_routes_without_examples() {
        Route a = Route.of("a", "", "x");
        assertThatThrownBy(() -> EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel()).routes(List.of(a, a)).build())
                .hasMessageContaining("Route 'a' is declared twice");
        assertThatThrownBy(() -> EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel()).routes(List.of(a))
                .thresholds(Map.of("b", 0.5)).build())
                .hasMessageContaining("Unknown route 'b'").hasMessageContaining("[a]");
        assertThatThrownBy(() -> EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel())
                .routes(List.of(new Route("general", "", List.of()))).build())
                .hasMessageContaining("No route has examples");
    }

    @Test
    void should_never_choose_a_route_without_examples() {
        // given
        EmbeddingRouter r = EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel())
                .routes(List.of(Route.of("coder", "", "write some code"), new Route("general", "", List.of()))).threshold(-1).build();

        // when
        RouteDecision decision = r.route("hello there");

        // then
        assertThat(decision.route()).isEqualTo(Optional.of("coder"));
        assertThat(decision.alternatives()).extracting(ScoredRoute::route).containsExactly("coder");
    }

    @Test
    void should_abstain_when_the_best_route_leads_the_second_by_less_than_its_margin() {
        // given a request between two routes: cooking and travel
        String request = "book a table at a restaurant that serves good pasta";
        RouteDecision free = EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel()).routes(FixtureRoutes.routes())
                .threshold(0).build().route(request);
        double lead = free.alternatives().get(0).score() - free.alternatives().get(1).score();

        // when the margin is just above and just below that lead
        RouteDecision strict = EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel()).routes(FixtureRoutes.routes())
                .threshold(0).margin(lead + 1e-6).build().route(request);
        RouteDecision lenient = EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel()).routes(FixtureRoutes.routes())
                .threshold(0).margin(lead - 1e-6).build().route(request);

        // then
        assertThat(free.abstained()).isFalse();
        assertThat(strict.abstained()).isTrue();
        assertThat(strict.decidedBy()).isEqualTo(RouteDecision.DecidedBy.NONE);
        assertThat(lenient.route()).isEqualTo(free.route());
    }

    @Test
    void should_route_to_a_route_known_only_by_its_description() {
        // given weather has no examples, only a description
        EmbeddingRouter r = EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel()).threshold(0)
                .routes(List.of(Route.of("coder", "writes, fixes and explains code", "write a python function", "fix my java build"),
                        new Route("weather", "weather forecasts: rain, snow, temperature and wind", List.of()))).build();

        // when
        RouteDecision decision = r.route("will it snow tomorrow morning");

        // then
        assertThat(decision.route()).contains("weather");
    }

    @Test
    void should_calibrate_margins_on_its_examples_left_out_one_at_a_time() {
        // given
        EmbeddingRouter r = EmbeddingRouter.builder().embeddingModel(FixtureRoutes.embeddingModel()).routes(FixtureRoutes.routes()).build();

        // when
        List<RouteCalibrator.Observation> observations = r.leaveOneOut();
        RouteCalibrator.Calibration calibration = RouteCalibrator.standard().calibrate(observations);
        EmbeddingRouter calibrated = r.withCalibration(calibration);

        // then every example is held out once; the five well separated fixture routes are told apart from examples alone
        assertThat(observations).hasSize(FixtureRoutes.routes().stream().mapToInt(x -> x.examples().size()).sum());
        assertThat(observations).allSatisfy(o -> assertThat(o.score()).isLessThan(0.99));
        assertThat(calibration.topOneAccuracy()).isGreaterThanOrEqualTo(0.9);
        assertThat(calibrated.thresholds()).containsValue(RouteCalibrator.DEFAULT_FLOOR).doesNotContainValue(EmbeddingRouter.DEFAULT_THRESHOLD);
        assertThat(calibrated.margins()).containsOnlyKeys("coder", "weather", "travel", "cooking", "general");
        assertThat(calibrated.route("my python script crashes with a KeyError").route()).contains("coder");
    }
}
