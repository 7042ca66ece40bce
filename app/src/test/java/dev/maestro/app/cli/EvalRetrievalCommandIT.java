package dev.maestro.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code maestro eval retrieval} on a tiny BEIR folder: results.json in the shape, reports beside it. */
class EvalRetrievalCommandIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @TempDir
    Path tmp;

    @Test
    void should_write_results_and_reports() throws Exception {
        // given
        Path ds = tmp.resolve("tiny");
        Files.createDirectories(ds.resolve("qrels"));
        Files.write(ds.resolve("corpus.jsonl"), List.of(
                "{\"_id\": \"d1\", \"title\": \"Aspirin\", \"text\": \"Aspirin lowers the risk of heart attack.\"}",
                "{\"_id\": \"d2\", \"title\": \"Tomatoes\", \"text\": \"Tomatoes need six hours of sun.\"}",
                "{\"_id\": \"d3\", \"title\": \"Jupiter\", \"text\": \"Jupiter is the largest planet.\"}"));
        Files.write(ds.resolve("queries.jsonl"), List.of(
                "{\"_id\": \"q1\", \"text\": \"aspirin prevents heart attacks\", \"metadata\": {\"d1\": \"gold\"}}",
                "{\"_id\": \"q2\", \"text\": \"biggest planet\"}"));
        Files.write(ds.resolve("qrels/test.tsv"), List.of("query-id\tcorpus-id\tscore", "q1\td1\t1", "q2\td3\t1"));
        Path out = tmp.resolve("out");

        // when
        CliRun run = IngestCommandIT.run(db, "eval", "retrieval", "--dataset", ds.toString(), "--strategies", "keyword,dense,hybrid",
                "--out", out.toString());

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("tiny (test): 2 queries, 3 documents").contains("hybrid");
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.path("queries").asInt()).isEqualTo(2);
        assertThat(json.path("corpus_docs").asInt()).isEqualTo(3);
        assertThat(json.path("strategies").path("dense").path("ndcg@10").asDouble()).isEqualTo(1.0);
        assertThat(json.path("strategies").path("keyword").path("latency_ms").has("p95")).isTrue();
        assertThat(out.resolve("report.md")).exists();
        assertThat(out.resolve("report.html")).exists();
    }
}
