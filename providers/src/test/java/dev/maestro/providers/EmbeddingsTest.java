package dev.maestro.providers;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.CosineSimilarity;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.core.ConfigException;
import dev.maestro.core.ProviderException;
import dev.maestro.core.ProviderException.Kind;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.OpenAiStub;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.maestro.providers.ProviderFixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class EmbeddingsTest {

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();

    private static QueryAwareEmbeddingModel onnx;

    @BeforeAll
    static void loadOnnx() {
        onnx = Providers.embeddingModel(AppConfig.of(Map.of()));
    }

    @Test
    void should_embed_in_process_with_384_dimensions() {
        // when
        Embedding passage = onnx.embed("Maestro routes requests to specialist agents.").content();

        // then
        assertThat(passage.dimension()).isEqualTo(384);
        assertThat(onnx.dimension()).isEqualTo(384);
    }

    @Test
    void should_embed_a_query_differently_from_the_same_text_as_a_passage() {
        // given
        String text = "How do I reset my password?";

        // when
        Embedding asPassage = onnx.embed(text).content();
        Embedding asQuery = onnx.embedQuery(text);

        // then
        assertThat(asQuery.vector()).isNotEqualTo(asPassage.vector());
        assertThat(onnx.forQueries().embed(text).content().vector()).isEqualTo(asQuery.vector());
    }

    @Test
    void should_score_a_related_passage_above_an_unrelated_one() {
        // given
        Embedding query = onnx.embedQuery("How do I reset my password?");
        List<Embedding> passages = onnx.embedAll(List.of(
                TextSegment.from("To reset your password, open Settings, choose Security and click 'Forgot password'."),
                TextSegment.from("The Eiffel Tower is 330 metres tall and stands in Paris."))).content();

        // when
        double related = CosineSimilarity.between(query, passages.get(0));
        double unrelated = CosineSimilarity.between(query, passages.get(1));

        // then
        assertThat(related).isGreaterThan(unrelated + 0.1);
    }

    @Test
    void should_embed_through_ollama_with_nomic_prefixes() {
        // given
        ollama.embedWith(new float[] {0.1f, 0.2f, 0.3f});
        QueryAwareEmbeddingModel model = Providers.embeddingModel(AppConfig.of(Map.of(
                Setting.EMBEDDING_PROVIDER, "ollama", Setting.OLLAMA_BASE_URL, ollama.baseUrl())));

        // when
        Embedding passage = model.embed("Paris is in France").content();
        Embedding query = model.embedQuery("Where is Paris?");

        // then
        assertThat(passage.vector()).containsExactly(0.1f, 0.2f, 0.3f);
        assertThat(query.vector()).containsExactly(0.1f, 0.2f, 0.3f);
        assertThat(ollama.requests()).extracting(r -> r.url()).containsOnly("/api/embed");
        assertThat(ollama.requests().get(0).body()).contains("nomic-embed-text").contains("search_document: Paris is in France");
        assertThat(ollama.requests().get(1).body()).contains("search_query: Where is Paris?");
    }

    @Test
    void should_embed_through_openai() {
        // given
        openAi.embedWith(new float[] {1f, 0f}, new float[] {0f, 1f});
        QueryAwareEmbeddingModel model = Providers.embeddingModel(AppConfig.of(Map.of(
                Setting.EMBEDDING_PROVIDER, "openai", Setting.OPENAI_BASE_URL, openAi.baseUrl(), Setting.OPENAI_API_KEY, SECRET)));

        // when
        List<Embedding> embeddings = model.embedAll(List.of(TextSegment.from("a"), TextSegment.from("b"))).content();

        // then
        assertThat(embeddings).extracting(Embedding::vector).containsExactly(new float[] {1f, 0f}, new float[] {0f, 1f});
        assertThat(openAi.requests().getFirst().url()).isEqualTo("/v1/embeddings");
        assertThat(openAi.requests().getFirst().body()).contains("text-embedding-3-small");
        assertThat(openAi.requests().getFirst().header("Authorization")).isEqualTo("Bearer " + SECRET);
    }

    @Test
    void should_map_embedding_failures_with_embedding_advice() {
        // given
        ollama.modelNotFound("nomic-embed-text");
        QueryAwareEmbeddingModel model = Providers.embeddingModel(AppConfig.of(Map.of(
                Setting.EMBEDDING_PROVIDER, "ollama", Setting.OLLAMA_BASE_URL, ollama.baseUrl())));

        // when
        Throwable thrown = catchThrowable(() -> model.embed("x"));

        // then
        assertThat(thrown).isExactlyInstanceOf(ProviderException.class)
                .hasMessageContaining("has no model 'nomic-embed-text'")
                .hasMessageContaining("run `ollama pull nomic-embed-text` or set MAESTRO_EMBEDDING_MODEL");
        assertThat(((ProviderException) thrown).kind()).isEqualTo(Kind.MODEL_NOT_FOUND);
    }

    @Test
    void should_reject_an_onnx_model_that_is_not_bundled() {
        assertThatThrownBy(() -> Providers.embeddingModel(AppConfig.of(Map.of(Setting.EMBEDDING_MODEL, "all-minilm"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bundles only bge-small-en-v1.5-q, not 'all-minilm'");
    }
}
