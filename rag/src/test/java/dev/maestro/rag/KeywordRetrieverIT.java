package dev.maestro.rag;

import dev.maestro.rag.ingest.Ingestor;
import dev.maestro.rag.ingest.SourceDocument;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KeywordRetrieverIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    static RagStore store;
    static RagCollection collection;

    @BeforeAll
    static void ingest() {
        store = RagStore.create(db.dataSource());
        HashingEmbeddingModel model = new HashingEmbeddingModel(16);
        collection = store.collection("bm25", model);
        Ingestor.builder().store(store).collection(collection).embeddingModel(model).build().ingestDocuments(List.of(
                SourceDocument.of("d1", "", "cat cat dog", Map.of()),
                SourceDocument.of("d2", "", "dog fish", Map.of()),
                SourceDocument.of("d3", "", "fish fish fish bird", Map.of())));
        collection = store.refresh(collection);
    }

    @Test
    void should_keep_bm25_statistics_on_ingest() {
        assertThat(collection.chunkCount()).isEqualTo(3);
        assertThat(collection.totalLength()).isEqualTo(9);
    }

    @Test
    void should_score_like_the_hand_computed_bm25() {
        // given
        double k1 = 1.2;
        double b = 0.75;
        KeywordRetriever keyword = KeywordRetriever.builder().store(store).collection(collection).k1(k1).b(b).build();
        double n = 3;
        double avgdl = 3;
        double idfCat = Math.log(1 + (n - 1 + 0.5) / (1 + 0.5));
        double idfDog = Math.log(1 + (n - 2 + 0.5) / (2 + 0.5));
        double d1 = idfCat * 2 * (k1 + 1) / (2 + k1 * (1 - b + b * 3 / avgdl)) + idfDog * 1 * (k1 + 1) / (1 + k1 * (1 - b + b * 3 / avgdl));
        double d2 = idfDog * 1 * (k1 + 1) / (1 + k1 * (1 - b + b * 2 / avgdl));

        // when
        List<Hit> hits = keyword.retrieve("cats and dogs", 10);

        // then: "cats" and "dogs" stem to the indexed lexemes, "and" is a stop word; d3 has neither term
        assertThat(hits).extracting(Hit::source).containsExactly("d1", "d2");
        assertThat(hits.get(0).score()).isCloseTo(d1, within(1e-9));
        assertThat(hits.get(1).score()).isCloseTo(d2, within(1e-9));
    }

    @Test
    void should_find_nothing_for_unknown_or_stop_words() {
        KeywordRetriever keyword = KeywordRetriever.builder().store(store).collection(collection).build();
        assertThat(keyword.retrieve("the of and", 5)).isEmpty();
        assertThat(keyword.retrieve("zebra", 5)).isEmpty();
    }

    @Test
    void should_score_only_the_chunks_where_a_term_is_densest_when_capped() {
        // given: "fish" is in d2 (1 of 2 lexemes) and d3 (3 of 4); "dog" in d1 (1 of 3) and d2 (1 of 2)
        KeywordRetriever capped = KeywordRetriever.builder().store(store).collection(collection).postingsPerTerm(1).build();
        KeywordRetriever full = KeywordRetriever.builder().store(store).collection(collection).build();

        // when
        List<Hit> cappedHits = capped.retrieve("fish dog", 10);
        List<Hit> fullHits = full.retrieve("fish dog", 10);

        // then: capped, each term brings its densest chunk only (fish: d3, dog: d2), with the exact scores
        assertThat(fullHits).extracting(Hit::source).containsExactlyInAnyOrder("d1", "d2", "d3");
        assertThat(cappedHits).extracting(Hit::source).containsExactlyInAnyOrder("d3", "d2");
        Hit d3 = fullHits.stream().filter(h -> h.source().equals("d3")).findFirst().orElseThrow();
        assertThat(cappedHits.stream().filter(h -> h.source().equals("d3")).findFirst().orElseThrow().score())
                .isCloseTo(d3.score(), within(1e-9));
    }
}
