package dev.maestro.rag;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.maestro.rag.adaptive.AdaptiveRetriever;
import dev.maestro.rag.adaptive.PolicyUpdater;
import dev.maestro.rag.adaptive.ThompsonBandit;
import dev.maestro.rag.ingest.IngestReport;
import dev.maestro.rag.ingest.Ingestor;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Every strategy on a small fixture corpus with known answers, embedded by the real BGE model. */
class RetrieversIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    static EmbeddingModel model;
    static RagStore store;
    static RagCollection collection;
    static DenseRetriever dense;
    static KeywordRetriever keyword;
    static HybridRetriever hybrid;

    @BeforeAll
    static void ingest() throws URISyntaxException {
        model = new BgeSmallEnV15QuantizedEmbeddingModel();
        store = RagStore.create(db.dataSource());
        collection = store.collection("fixture", model);
        Path fixture = Path.of(RetrieversIT.class.getResource("/fixture").toURI());
        IngestReport report = Ingestor.builder().store(store).collection(collection).embeddingModel(model).maxTokens(48).overlapTokens(8)
                .build().ingest(List.of(fixture), false);
        assertThat(report.skipped()).isEmpty();
        assertThat(report.added()).isEqualTo(5); // 3 files + 2 records of the .jsonl
        collection = store.refresh(collection);
        dense = DenseRetriever.builder().store(store).collection(collection).embeddingModel(model).build();
        keyword = KeywordRetriever.builder().store(store).collection(collection).build();
        hybrid = HybridRetriever.builder().store(store).dense(dense).keyword(keyword).build();
    }

    @Test
    void should_find_a_paraphrase_with_dense_search() {
        // when
        List<Hit> hits = dense.retrieve("how often do we change the cryptographic credentials?", 3);

        // then
        assertThat(hits.getFirst().text()).contains("rotated every ninety days");
        assertThat(hits.getFirst().metadata()).containsEntry("section", "Operations handbook > Key rotation");
    }

    @Test
    void should_find_an_identifier_with_keyword_search() {
        // when
        List<Hit> hits = keyword.retrieve("ERR-7730", 3);

        // then
        assertThat(hits).isNotEmpty();
        assertThat(hits.getFirst().text()).contains("ERR-7730");
    }

    @Test
    void should_rank_both_kinds_of_answer_first_with_hybrid_search() {
        assertThat(hybrid.retrieve("what does ERR-4512 mean", 1).getFirst().text()).contains("ERR-4512");
        assertThat(hybrid.retrieve("largest planet storm", 1).getFirst().title()).isEqualTo("Night sky notes");
        assertThat(HybridRetriever.builder().store(store).dense(dense).keyword(keyword).fusion(Fusion.weighted(0.5)).build()
                .retrieve("vegetables that need sun", 1).getFirst().source()).endsWith("garden.txt");
    }

    @Test
    void should_filter_on_record_metadata() {
        // when
        List<Hit> hits = hybrid.retrieve(RetrievalRequest.of("food", 5).withFilter(new IsEqualTo("course", "dinner")));

        // then
        assertThat(hits).extracting(Hit::title).containsExactly("Lentil soup");
    }

    @Test
    void should_expand_a_hit_to_its_parent_section_or_window() {
        // when
        Hit parent = ExpandingRetriever.parent(store, keyword).retrieve("ERR-7730", 1).getFirst();
        Hit window = ExpandingRetriever.window(store, keyword, 1).retrieve("ERR-7730", 1).getFirst();

        // then: the leaf is small (48 tokens); its section holds both error codes
        assertThat(parent.text()).doesNotContain("ERR-4512");
        assertThat(parent.context()).contains("ERR-4512").contains("ERR-7730");
        assertThat(window.context()).contains(parent.text()).hasSizeGreaterThan(parent.text().length());
    }

    @Test
    void should_serve_as_a_langchain4j_content_retriever() {
        // when
        List<Content> contents = hybrid.asContentRetriever(2).retrieve(Query.from("Galilean moons"));

        // then
        assertThat(contents).hasSize(2);
        assertThat(contents.getFirst().textSegment().text()).contains("Galilean moons");
        assertThat(contents.getFirst().textSegment().metadata().getLong("chunk_id")).isPositive();
    }

    @Test
    void should_update_the_bandit_from_feedback_and_persist_the_policy() {
        // given: users liked keyword answers for identifier queries and dense answers otherwise
        FeedbackStore feedback = new FeedbackStore(store);
        PolicyStore policies = new PolicyStore(store);
        ThompsonBandit prior = ThompsonBandit.create(List.of("keyword", "dense"), dev.maestro.rag.adaptive.QueryFeatures.dimension());
        AdaptiveRetriever adaptive = AdaptiveRetriever.builder().store(store).collection(collection).policy(prior)
                .arm(keyword).arm(dense).random(new Random(5)).build();
        List<Feedback> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            for (String q : List.of("ERR-4512", "ERR-7730 retry")) {
                AdaptiveRetriever.Decision d = adaptive.decide(q);
                events.add(new Feedback(q, d.features(), "keyword", List.of(1L), List.of(1L), 1));
                events.add(new Feedback(q, d.features(), "dense", List.of(2L), List.of(), 0));
            }
            for (String q : List.of("how often are credentials changed", "when do backups run")) {
                AdaptiveRetriever.Decision d = adaptive.decide(q);
                events.add(new Feedback(q, d.features(), "keyword", List.of(1L), List.of(), 0.2));
                events.add(new Feedback(q, d.features(), "dense", List.of(2L), List.of(2L), 0.9));
            }
        }
        feedback.recordAll(collection, events);

        // when
        PolicyUpdater.Outcome outcome = new PolicyUpdater(feedback, policies).update(collection, List.of("keyword", "dense"));

        // then
        assertThat(outcome.activated()).isTrue();
        assertThat(outcome.candidate().matched()).isGreaterThanOrEqualTo(20);
        ThompsonBandit active = ThompsonBandit.fromJson(policies.active(collection, PolicyStore.Kind.BANDIT).orElseThrow().state());
        AdaptiveRetriever learned = AdaptiveRetriever.builder().store(store).collection(collection).policy(active)
                .arm(keyword).arm(dense).explore(false).build();
        assertThat(learned.decide("ERR-9001").strategy()).isEqualTo("keyword");
        assertThat(learned.decide("how are the tomatoes watered").strategy()).isEqualTo("dense");
        assertThat(learned.retrieveWithDecision(RetrievalRequest.of("ERR-4512", 1)).hits().getFirst().text()).contains("ERR-4512");
        // what was chosen is reported with the hits, and travels with them as LangChain4j contents
        Retrieval chosen = learned.retrieval(RetrievalRequest.of("how are the tomatoes watered", 2));
        assertThat(chosen.strategy()).isEqualTo("dense");
        List<Content> contents = learned.asContentRetriever(2).retrieve(Query.from("ERR-4512"));
        assertThat(contents).isNotEmpty().allSatisfy(c ->
                assertThat(c.textSegment().metadata().getString(Retriever.STRATEGY)).isEqualTo("keyword"));
        assertThat(keyword.retrieval(RetrievalRequest.of("ERR-4512", 1)).strategy()).isEqualTo("keyword");
    }
}
