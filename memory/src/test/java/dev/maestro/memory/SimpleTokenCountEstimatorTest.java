package dev.maestro.memory;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimpleTokenCountEstimatorTest {

    private final SimpleTokenCountEstimator estimator = new SimpleTokenCountEstimator();

    @Test
    void should_count_words_digits_and_punctuation() {
        // when / then
        assertThat(estimator.estimateTokenCountInText("")).isZero();
        assertThat(estimator.estimateTokenCountInText("Hi there!")).isEqualTo(3);        // hi, there, !
        assertThat(estimator.estimateTokenCountInText("in 2023")).isEqualTo(3);          // in, 202|3
        assertThat(estimator.estimateTokenCountInText("The quick brown fox jumps over the lazy dog."))
                .isEqualTo(10);                                                        // cl100k: 10
    }

    @Test
    void should_add_a_fixed_overhead_per_message() {
        // given
        List<ChatMessage> messages = List.of(UserMessage.from("Hello"), AiMessage.from("Hi"));

        // when
        int tokens = estimator.estimateTokenCountInMessages(messages);

        // then
        assertThat(tokens).isEqualTo(1 + 1 + 2 * SimpleTokenCountEstimator.MESSAGE_OVERHEAD);
    }
}
