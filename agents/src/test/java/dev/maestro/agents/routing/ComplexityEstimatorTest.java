package dev.maestro.agents.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ComplexityEstimatorTest {

    private final ComplexityEstimator estimator = ComplexityEstimator.standard();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            hi                                                                   | SIMPLE
            what's the weather in paris?                                         | SIMPLE
            how do I reverse a list in python?                                   | SIMPLE
            compare java and kotlin                                              | MODERATE
            what is a monad? and how would I implement one?                      | MODERATE
            what is a monad? and why would I use one?                            | SIMPLE
            first design the schema, then write the migration                    | COMPLEX
            plan a three day trip to rome and compare the hotel options          | COMPLEX
            """)
    void should_grade_requests_by_surface_features(String request, Complexity expected) {
        // when
        Complexity complexity = estimator.estimate(request);

        // then
        assertThat(complexity).isEqualTo(expected);
    }

    @Test
    void should_count_length_questions_code_and_lists() {
        // given
        String longText = "word ".repeat(41);
        String veryLongText = "word ".repeat(121);
        String code = "why does this fail\n```java\nint x = 1;\n```";
        String list = "buy:\n- milk\n- eggs\n- bread";

        // when / then
        assertThat(estimator.score("short question")).isZero();
        assertThat(estimator.score(longText)).isEqualTo(1);
        assertThat(estimator.score(veryLongText)).isEqualTo(2);
        assertThat(estimator.score("a? b?")).isEqualTo(1);
        assertThat(estimator.score("a? b? c? d?")).isEqualTo(2);
        assertThat(estimator.score(code)).isEqualTo(1);
        assertThat(estimator.score(list)).isEqualTo(1);
    }

    @Test
    void should_rate_a_long_multi_step_request_with_code_as_complex() {
        // given
        String request = """
                Here is my service:
                ```java
                public Order place(Cart cart) { return repo.save(cart.toOrder()); }
                ```
                First analyze why it is slow under load, then refactor it to batch the writes,
                and finally compare both versions. What would you measure? How?
                """;

        // when / then
        assertThat(estimator.estimate(request)).isEqualTo(Complexity.COMPLEX);
    }

    @Test
    void should_be_deterministic_and_handle_blank_text() {
        assertThat(estimator.estimate("")).isEqualTo(Complexity.SIMPLE);
        assertThat(estimator.estimate("compare a and b")).isEqualTo(estimator.estimate("compare a and b"));
    }
}
