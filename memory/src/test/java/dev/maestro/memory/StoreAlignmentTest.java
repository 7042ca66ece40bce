package dev.maestro.memory;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoreAlignmentTest {

    @Test
    void should_append_only_new_messages() {
        // when
        StoreAlignment plan = StoreAlignment.of(List.of("a", "b"), List.of("a", "b", "c"));

        // then
        assertThat(plan.kept()).containsExactly(0, 1);
        assertThat(plan.hidden()).isEmpty();
        assertThat(plan.appended()).containsExactly(2);
    }

    @Test
    void should_hide_messages_evicted_after_the_system_message() {
        // given: a window memory keeps the system message and drops the oldest turn
        List<String> stored = List.of("S", "u1", "a1", "u2");
        List<String> updated = List.of("S", "a1", "u2", "a2");

        // when
        StoreAlignment plan = StoreAlignment.of(stored, updated);

        // then
        assertThat(plan.kept()).containsExactly(0, 2, 3);
        assertThat(plan.hidden()).containsExactly(1);
        assertThat(plan.appended()).containsExactly(3);
    }

    @Test
    void should_hide_everything_and_append_when_a_new_message_comes_first() {
        // given: a new system message placed before the stored ones
        StoreAlignment plan = StoreAlignment.of(List.of("u1", "a1"), List.of("S2", "u1", "a1"));

        // then: order is preserved by re-appending
        assertThat(plan.kept()).isEmpty();
        assertThat(plan.hidden()).containsExactly(0, 1);
        assertThat(plan.appended()).containsExactly(0, 1, 2);
    }

    @Test
    void should_hide_all_when_the_list_is_emptied() {
        // when
        StoreAlignment plan = StoreAlignment.of(List.of("a", "b"), List.of());

        // then
        assertThat(plan.hidden()).containsExactly(0, 1);
        assertThat(plan.appended()).isEmpty();
    }
}
