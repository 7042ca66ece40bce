package dev.maestro.evals.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.maestro.rag.RagStore;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI-sized SciFact evaluation: {@value #DOCS} documents holding every relevant document of the first
 * {@value #TEST_QUERIES} test queries and {@value #TRAIN_QUERIES} train queries, the rest filled from the corpus
 * in file order. Asserts nDCG@10 floors and the results.json shape.
 */
class SciFactSubsetIT {

    static final int DOCS = 800;
    static final int TEST_QUERIES = 50;
    static final int TRAIN_QUERIES = 120;

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @TempDir
    Path tmp;

    @Test
    void should_reach_the_ndcg_floor_on_a_scifact_subset() throws IOException {
        // given
        Optional<Path> scifact = TestDatasets.find("beir-scifact");
        Assumptions.assumeTrue(scifact.isPresent(), "shared/datasets/beir-scifact not found (set MAESTRO_DATASETS)");
        Path subset = subset(BeirDataset.open(scifact.get()), tmp.resolve("beir-scifact-subset"));

        // when
        RetrievalResults results = RetrievalEvaluation.builder().dataset(BeirDataset.open(subset))
                .store(RagStore.create(db.dataSource())).embeddingModel(new BgeSmallEnV15QuantizedEmbeddingModel())
                .build().run();
        results.writeTo(tmp.resolve("out"));

        // then
        System.out.println(results.toJson().toPrettyString());
        assertThat(results.queries()).isEqualTo(TEST_QUERIES);
        assertThat(results.corpusDocs()).isEqualTo(DOCS);
        // measured on this subset (2026-11-21): keyword 0.864, dense 0.889, hybrid 0.906, learned 0.882, adaptive 0.889
        assertThat(results.strategy("keyword").ndcg10()).isGreaterThan(0.80);
        assertThat(results.strategy("dense").ndcg10()).isGreaterThan(0.83);
        assertThat(results.strategy("hybrid").ndcg10()).isGreaterThan(0.85);
        assertThat(results.strategy("learned").ndcg10()).isGreaterThan(0.83);
        assertThat(results.strategy("adaptive").ndcg10()).isGreaterThan(0.83);
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("out/results.json").toFile());
        assertThat(json.path("dataset").asText()).isEqualTo("beir-scifact-subset");
        assertThat(json.path("split").asText()).isEqualTo("test");
        assertThat(json.path("queries").asInt()).isEqualTo(TEST_QUERIES);
        assertThat(json.path("corpus_docs").asInt()).isEqualTo(DOCS);
        JsonNode hybrid = json.path("strategies").path("hybrid");
        for (String key : List.of("ndcg@10", "recall@10", "recall@100", "mrr@10")) {
            assertThat(hybrid.path(key).isNumber()).as(key).isTrue();
        }
        assertThat(hybrid.path("latency_ms").path("p50").isNumber()).isTrue();
        assertThat(hybrid.path("latency_ms").path("p95").isNumber()).isTrue();
        assertThat(tmp.resolve("out/report.md")).content().contains("| hybrid |");
        assertThat(tmp.resolve("out/report.html")).content().contains("<img");
    }

    /** Writes the subset as a BEIR folder: queries.jsonl with id and text only. */
    static Path subset(BeirDataset full, Path dir) throws IOException {
        Map<String, Map<String, Integer>> test = full.qrels("test");
        Map<String, Map<String, Integer>> train = full.qrels("train");
        List<String> testIds = new ArrayList<>(test.keySet()).subList(0, TEST_QUERIES);
        List<String> trainIds = new ArrayList<>(train.keySet()).subList(0, TRAIN_QUERIES);
        Set<String> docs = new LinkedHashSet<>();
        testIds.forEach(q -> docs.addAll(test.get(q).keySet()));
        trainIds.forEach(q -> docs.addAll(train.get(q).keySet()));
        List<BeirDataset.Doc> corpus = full.corpus();
        for (BeirDataset.Doc d : corpus) {
            if (docs.size() >= DOCS) {
                break;
            }
            docs.add(d.id());
        }
        ObjectMapper json = new ObjectMapper();
        Files.createDirectories(dir.resolve("qrels"));
        List<String> lines = new ArrayList<>();
        for (BeirDataset.Doc d : corpus) {
            if (docs.contains(d.id())) {
                lines.add(json.writeValueAsString(Map.of("_id", d.id(), "title", d.title(), "text", d.text())));
            }
        }
        Files.write(dir.resolve("corpus.jsonl"), lines);
        Map<String, String> queries = full.queries();
        List<String> q = new ArrayList<>();
        for (String id : concat(testIds, trainIds)) {
            q.add(json.writeValueAsString(Map.of("_id", id, "text", queries.get(id))));
        }
        Files.write(dir.resolve("queries.jsonl"), q);
        Files.write(dir.resolve("qrels/test.tsv"), qrels(testIds, test));
        Files.write(dir.resolve("qrels/train.tsv"), qrels(trainIds, train));
        return dir;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static List<String> qrels(List<String> ids, Map<String, Map<String, Integer>> qrels) {
        List<String> out = new ArrayList<>();
        out.add("query-id\tcorpus-id\tscore");
        for (String id : ids) {
            qrels.get(id).forEach((doc, score) -> out.add(id + "\t" + doc + "\t" + score));
        }
        return out;
    }
}
