package dev.maestro.rag;

import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.maestro.core.ConfigException;
import dev.maestro.rag.ingest.Ingestor;
import dev.maestro.rag.ingest.SourceDocument;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RagStoreIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @Test
    void should_refuse_a_model_whose_dimension_differs_from_the_collection() {
        // given
        RagStore store = RagStore.create(db.dataSource());
        store.collection("docs", new HashingEmbeddingModel(8, "small-model"));

        // when / then
        assertThatThrownBy(() -> store.collection("docs", new HashingEmbeddingModel(384, "other-model")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Collection 'docs' holds 8-dimensional embeddings from model 'small-model'")
                .hasMessageContaining("'other-model' with 384 dimensions")
                .hasMessageContaining("--collection NAME");
    }

    @Test
    void should_treat_a_filter_injection_attempt_as_data() {
        // given
        RagStore store = RagStore.create(db.dataSource());
        HashingEmbeddingModel model = new HashingEmbeddingModel(16);
        RagCollection c = store.collection("filtered", model);
        Ingestor.builder().store(store).collection(c).embeddingModel(model).build().ingestDocuments(List.of(
                SourceDocument.of("en", "", "router firmware update guide", Map.of("lang", "en")),
                SourceDocument.of("de", "", "router firmware update anleitung", Map.of("lang", "de"))));
        DenseRetriever dense = DenseRetriever.builder().store(store).collection(c).embeddingModel(model).build();
        KeywordRetriever keyword = KeywordRetriever.builder().store(store).collection(c).build();
        String evilKey = "lang' = '\"en\"' or true) --";
        String evilValue = "en' or '1'='1";

        // when
        RetrievalRequest attack1 = RetrievalRequest.of("router firmware", 10).withFilter(new IsEqualTo(evilKey, "en"));
        RetrievalRequest attack2 = RetrievalRequest.of("router firmware", 10).withFilter(new IsEqualTo("lang", evilValue));
        RetrievalRequest legit = RetrievalRequest.of("router firmware", 10).withFilter(new IsIn("lang", List.of("de")));

        // then: the attack matches no metadata, returns nothing, and every table is intact
        assertThat(dense.retrieve(attack1)).isEmpty();
        assertThat(keyword.retrieve(attack1)).isEmpty();
        assertThat(dense.retrieve(attack2)).isEmpty();
        assertThat(keyword.retrieve(attack2)).isEmpty();
        assertThat(dense.retrieve(legit)).extracting(Hit::source).containsExactly("de");
        assertThat(keyword.retrieve(legit)).extracting(Hit::source).containsExactly("de");
        assertThat(store.documentCount(c)).isEqualTo(2);
    }

    @Test
    void should_drop_a_collection_with_its_index() {
        // given
        RagStore store = RagStore.create(db.dataSource());
        store.collection("temp", new HashingEmbeddingModel(8));

        // when / then
        assertThat(store.drop("temp")).isTrue();
        assertThat(store.find("temp")).isEmpty();
        assertThat(store.drop("temp")).isFalse();
    }
}
