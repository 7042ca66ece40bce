package dev.maestro.rag.adaptive;

import dev.maestro.rag.TermStatistics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QueryFeaturesTest {

    private static double feature(double[] x, String name) {
        return x[QueryFeatures.NAMES.indexOf(name)];
    }

    @Test
    void should_describe_an_identifier_question_with_rare_terms() {
        // given: 1000 chunks; one term seen once, one common, one unknown
        TermStatistics stats = new TermStatistics(1000, List.of(1, 400, 0));

        // when
        double[] x = QueryFeatures.of("What does IL-6 do in \"sepsis\"?", stats);

        // then
        assertThat(x).hasSize(QueryFeatures.dimension());
        assertThat(feature(x, "bias")).isEqualTo(1);
        assertThat(feature(x, "has_number")).isEqualTo(1);
        assertThat(feature(x, "has_quote")).isEqualTo(1);
        assertThat(feature(x, "identifier")).isEqualTo(1);
        assertThat(feature(x, "question")).isEqualTo(1);
        assertThat(feature(x, "rare_terms")).isEqualTo(1.0 / 3);
        assertThat(feature(x, "unknown_terms")).isEqualTo(1.0 / 3);
        assertThat(feature(x, "max_idf")).isGreaterThan(0.9);
        assertThat(java.util.Arrays.stream(x).boxed().toList()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
    }

    @Test
    void should_describe_a_plain_statement() {
        // when
        double[] x = QueryFeatures.of("aspirin lowers the risk of stroke", new TermStatistics(1000, List.of(50, 60, 70)));

        // then
        assertThat(feature(x, "has_number")).isZero();
        assertThat(feature(x, "identifier")).isZero();
        assertThat(feature(x, "question")).isZero();
        assertThat(feature(x, "rare_terms")).isZero();
    }
}
