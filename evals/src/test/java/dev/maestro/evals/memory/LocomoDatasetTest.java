package dev.maestro.evals.memory;

import dev.maestro.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocomoDatasetTest {

    /** LoCoMo's shape with its quirks: packed ids, a malformed id, an unknown id, no evidence, an adversarial item. */
    static final String TINY = """
            [{"sample_id": "conv-x",
              "conversation": {"speaker_a": "Ana", "speaker_b": "Bo",
                "session_1_date_time": "1:56 pm on 8 May, 2023",
                "session_1": [{"speaker": "Ana", "dia_id": "D1:1", "text": "I adopted a grey cat last week."},
                              {"speaker": "Bo", "dia_id": "D1:2", "text": "Lovely! What is its name?"},
                              {"speaker": "Ana", "dia_id": "D1:3", "text": "Her name is Miso.", "blip_caption": "a photo of a grey cat"}],
                "session_2_date_time": "10:00 am on 1 June, 2023",
                "session_2": [{"speaker": "Bo", "dia_id": "D2:1", "text": "I started learning the cello."},
                              {"speaker": "Ana", "dia_id": "D2:2", "text": "Miso was sick, we went to the vet."}]},
              "qa": [{"question": "What is the name of Ana's cat?", "answer": "Miso", "evidence": ["D1:3"], "category": 4},
                     {"question": "Which instrument does Bo learn?", "answer": "cello", "evidence": ["D2:1; D1:2"], "category": 1},
                     {"question": "Broken", "answer": "x", "evidence": ["D:11:26"], "category": 2},
                     {"question": "Unknown turn", "answer": "x", "evidence": ["D9:9"], "category": 2},
                     {"question": "No evidence", "answer": "x", "evidence": [], "category": 3},
                     {"question": "Did Bo adopt a dog?", "adversarial_answer": "no", "evidence": ["D1:1"], "category": 5}]}]
            """;

    @TempDir
    Path dir;

    @Test
    void should_read_sessions_with_dates_and_evidence_with_its_quirks() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("tiny.json"), TINY);

        // when
        List<LocomoDataset.Conversation> data = LocomoDataset.load(file);

        // then
        LocomoDataset.Conversation conv = data.getFirst();
        assertThat(conv.sampleId()).isEqualTo("conv-x");
        assertThat(conv.turnCount()).isEqualTo(5);
        assertThat(conv.sessions().getFirst().start()).isEqualTo(Instant.parse("2023-05-08T13:56:00Z"));
        assertThat(conv.sessions().getFirst().turns().get(2).at()).isEqualTo(Instant.parse("2023-05-08T13:57:00Z"));
        assertThat(conv.sessions().getFirst().turns().get(2).caption()).isEqualTo("a photo of a grey cat");
        List<LocomoDataset.QaItem> qa = conv.qa();
        assertThat(qa.get(1).evidence()).containsExactly("D2:1", "D1:2");
        assertThat(qa.get(1).scorable()).isTrue();
        assertThat(qa.get(2).unresolved()).containsExactly("D:11:26");
        assertThat(qa.get(3).unresolved()).containsExactly("D9:9");
        assertThat(qa).extracting(LocomoDataset.QaItem::scorable).containsExactly(true, true, false, false, false, true);
        assertThat(qa.get(5).answer()).isEqualTo("no");
    }

    @Test
    void should_say_where_to_find_the_file_when_it_is_missing() {
        // when / then
        assertThatThrownBy(() -> LocomoDataset.load(dir.resolve("nope.json")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("locomo10.json");
    }
}
