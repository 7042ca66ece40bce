package dev.maestro.graph;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonStateSerializerTest {

    private final JsonStateSerializer serializer = new JsonStateSerializer();

    private static ChatState state() {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("general", new HashMap<>(Map.of("input_tokens", 12, "output_tokens", 30L)));
        Map<String, Object> data = new HashMap<>();
        data.put(ChatState.QUESTION, "why?");
        data.put(ChatState.USAGE, usage);
        data.put(ChatState.TASKS, new ArrayList<>(List.of(new HashMap<>(Map.of("id", 1, "agent", "coder", "confidence", 0.5)))));
        return new ChatState(data);
    }

    @Test
    void should_clone_deeply_and_keep_number_types() throws Exception {
        // given
        ChatState original = state();

        // when
        ChatState clone = serializer.cloneObject(original);
        @SuppressWarnings("unchecked")
        Map<String, Object> general = (Map<String, Object>) ((Map<String, Object>) clone.data().get(ChatState.USAGE)).get("general");
        general.put("input_tokens", 999);
        @SuppressWarnings("unchecked")
        List<Object> tasks = (List<Object>) clone.data().get(ChatState.TASKS);
        tasks.clear();

        // then
        assertThat(clone).isNotSameAs(original);
        assertThat(general.get("output_tokens")).isInstanceOf(Long.class);
        assertThat(state().data()).isEqualTo(original.data());
        assertThat(original.tasks()).hasSize(1);
    }

    @Test
    void should_round_trip_through_bytes() throws Exception {
        ChatState original = state();

        ChatState back = serializer.bytesToObject(serializer.objectToBytes(original));

        assertThat(back.question()).isEqualTo("why?");
        assertThat(back.tasks()).singleElement().satisfies(t -> assertThat(t).containsEntry("agent", "coder").containsEntry("confidence", 0.5));
    }
}
