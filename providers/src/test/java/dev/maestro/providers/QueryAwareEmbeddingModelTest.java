package dev.maestro.providers;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class QueryAwareEmbeddingModelTest {

    /** Records the texts it was asked to embed. */
    static final class Recording implements EmbeddingModel {
        final List<String> texts = new CopyOnWriteArrayList<>();

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            segments.forEach(s -> texts.add(s.text()));
            return Response.from(segments.stream().map(s -> Embedding.from(new float[] {s.text().length()})).toList());
        }
    }

    @Test
    void should_prefix_bge_queries_only() {
        // given
        Recording base = new Recording();
        QueryAwareEmbeddingModel model = QueryAwareEmbeddingModel.forModel(base, "bge-small-en-v1.5-q");

        // when
        model.embed("a passage");
        model.embedQuery("a question");
        model.forQueries().embedAll(List.of(TextSegment.from("q1"), TextSegment.from("q2")));

        // then
        assertThat(base.texts).containsExactly("a passage",
                QueryAwareEmbeddingModel.BGE_QUERY_INSTRUCTION + "a question",
                QueryAwareEmbeddingModel.BGE_QUERY_INSTRUCTION + "q1",
                QueryAwareEmbeddingModel.BGE_QUERY_INSTRUCTION + "q2");
    }

    @Test
    void should_prefix_both_sides_for_nomic_and_neither_for_unknown_models() {
        // given
        Recording nomicBase = new Recording();
        Recording plainBase = new Recording();

        // when
        QueryAwareEmbeddingModel nomic = QueryAwareEmbeddingModel.forModel(nomicBase, "nomic-embed-text:latest");
        nomic.embed("doc");
        nomic.embedQuery("query");
        QueryAwareEmbeddingModel plain = QueryAwareEmbeddingModel.forModel(plainBase, "text-embedding-3-small");
        plain.embed("doc");
        plain.embedQuery("query");

        // then
        assertThat(nomicBase.texts).containsExactly("search_document: doc", "search_query: query");
        assertThat(plainBase.texts).containsExactly("doc", "query");
    }
}
