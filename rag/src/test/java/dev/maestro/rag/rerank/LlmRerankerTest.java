package dev.maestro.rag.rerank;

import dev.maestro.rag.Candidate;
import dev.maestro.rag.Hit;
import dev.maestro.testkit.ScriptedChatModel;
import dev.langchain4j.data.message.UserMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LlmRerankerTest {

    private static List<Candidate> candidates() {
        return List.of(1L, 2L, 3L, 4L).stream()
                .map(id -> new Candidate(new Hit(id, id, "s", "T" + id, "passage " + id, Map.of(), 0, null), 0.5, 0, 1, 0))
                .toList();
    }

    @Test
    void should_order_by_the_numbers_the_model_names_and_keep_the_rest_after() {
        // given
        ScriptedChatModel model = ScriptedChatModel.replying("3, 1");
        LlmReranker reranker = LlmReranker.builder().chatModel(model).build();

        // when
        List<Candidate> out = reranker.rerank("which passage?", candidates());

        // then
        assertThat(out).extracting(c -> c.hit().chunkId()).containsExactly(3L, 1L, 2L, 4L);
        String prompt = ((UserMessage) model.lastRequest().messages().getLast()).singleText();
        assertThat(prompt).contains("Query: which passage?").contains("[3] T3: passage 3");
    }

    @Test
    void should_keep_the_order_when_the_answer_has_no_valid_number() {
        // given
        LlmReranker reranker = LlmReranker.builder().chatModel(ScriptedChatModel.replying("none of them, sorry (99)")).build();

        // when
        List<Candidate> out = reranker.rerank("q", candidates());

        // then
        assertThat(out).extracting(c -> c.hit().chunkId()).containsExactly(1L, 2L, 3L, 4L);
    }
}
