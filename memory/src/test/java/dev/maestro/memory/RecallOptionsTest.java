package dev.maestro.memory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RecallOptionsTest {

    @Test
    void should_add_the_keyword_rank_relative_to_the_best_one_to_the_cosine() {
        // given
        RecallOptions hybrid = RecallOptions.defaults().withKeywordWeight(0.2);

        // when / then
        assertThat(hybrid.relevance(0.7, 0.5, 1.0)).isCloseTo(0.8, within(1e-9));
        assertThat(hybrid.relevance(0.7, 1.0, 1.0)).isCloseTo(0.9, within(1e-9));
        assertThat(hybrid.relevance(0.7, 0.0, 1.0)).as("no shared word").isCloseTo(0.7, within(1e-9));
        assertThat(hybrid.relevance(0.7, 0.0, 0.0)).as("no keyword hit at all").isCloseTo(0.7, within(1e-9));
    }

    @Test
    void should_rank_by_cosine_alone_without_a_keyword_weight() {
        // given
        RecallOptions vector = RecallOptions.defaults().withKeywordWeight(0);

        // when / then
        assertThat(vector.relevance(0.7, 1.0, 1.0)).isCloseTo(0.7, within(1e-9));
        assertThat(RecallOptions.defaults().keywordWeight()).as("hybrid by default").isPositive();
    }
}
