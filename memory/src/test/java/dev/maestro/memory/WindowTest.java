package dev.maestro.memory;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WindowTest {

    @Test
    void should_keep_the_newest_messages_that_fit_the_budget() {
        // given
        List<Integer> tokens = List.of(50, 40, 30, 20, 10);

        // when
        int start = Window.start(tokens, 65);

        // then: 10 + 20 + 30 = 60 fit, adding 40 would exceed 65
        assertThat(start).isEqualTo(2);
    }

    @Test
    void should_evict_the_oldest_message_when_a_new_one_overflows_the_window() {
        // given
        List<Integer> before = List.of(30, 30, 30);
        List<Integer> after = List.of(30, 30, 30, 30);

        // when
        int startBefore = Window.start(before, 90);
        int startAfter = Window.start(after, 90);

        // then
        assertThat(startBefore).isZero();
        assertThat(startAfter).isEqualTo(1);
    }

    @Test
    void should_be_empty_when_the_newest_message_alone_exceeds_the_budget() {
        // when
        int start = Window.start(List.of(5, 500), 100);

        // then
        assertThat(start).isEqualTo(2);
    }
}
