package dev.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maestro.testkit.PostgresDatabase;
import dev.maestro.testkit.TinyBeir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
        Path ds = TinyBeir.write(tmp.resolve("tiny"));
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

    @Test
    void should_ask_for_a_readable_cross_encoder_before_touching_the_database() throws Exception {
        Path ds = tmp.resolve("none");
        Path out = tmp.resolve("out2");

        CliRun missing = IngestCommandIT.run(db, "eval", "retrieval", "--dataset", tmp.toString(), "--strategies", "cross-encoder",
                "--out", out.toString());
        CliRun half = IngestCommandIT.run(db, "eval", "retrieval", "--dataset", tmp.toString(), "--cross-encoder", "model.onnx",
                "--out", out.toString());
        CliRun unreadable = IngestCommandIT.run(db, "eval", "retrieval", "--dataset", ds.toString(),
                "--cross-encoder", ds.resolve("model.onnx").toString(), "--cross-encoder-tokenizer", ds.resolve("tokenizer.json").toString(),
                "--strategies", "cross-encoder", "--out", out.toString());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("The cross-encoder strategy needs a cross-encoder model")
                .contains("--cross-encoder MODEL.onnx --cross-encoder-tokenizer tokenizer.json");
        assertThat(half.exitCode()).isEqualTo(2);
        assertThat(half.err()).contains("--cross-encoder and --cross-encoder-tokenizer go together");
        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.err()).contains("Cannot read " + ds.resolve("model.onnx").toAbsolutePath());
        assertThat(out).doesNotExist();
    }
}
