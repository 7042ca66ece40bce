package dev.maestro.evals.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.maestro.memory.PostgresMemory;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MemoryEvalIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    /**
     * Measured 79.4 % evidence recall@10 on conv-26 (bge-small-en-v1.5-q, speaker + date + previous turn in the episode,
     * hybrid recall: cosine + 0.15 x relative IDF keyword score, words in more than 20 % of the items ignored); the
     * floor leaves room for numeric noise across machines.
     */
    static final double RECALL_AT_10_FLOOR = 0.76;

    private static EmbeddingModel embeddings;

    @TempDir
    Path out;

    @BeforeAll
    static void loadModel() {
        embeddings = new BgeSmallEnV15QuantizedEmbeddingModel();
    }

    private static PostgresMemory memory() {
        return PostgresMemory.builder().dataSource(db.dataSource()).embeddingModel(embeddings)
                .queryPrefix(PostgresMemory.BGE_QUERY_PREFIX).build();
    }

    @Test
    void should_find_the_evidence_of_a_tiny_hand_made_conversation() throws IOException, SQLException {
        // given
        Path file = Files.writeString(out.resolve("tiny.json"), LocomoDatasetTest.TINY);

        // when
        MemoryEvalResult result = MemoryEval.builder().memory(memory()).ks(List.of(1, 3)).build().run(file);

        // then
        assertThat(result.qaItems()).isEqualTo(6);
        assertThat(result.skipped()).isEqualTo(3);
        assertThat(result.skippedNoEvidence()).isEqualTo(1);
        assertThat(result.recall().get(3)).isGreaterThanOrEqualTo(2.0 / 3);
        assertThat(result.byCategory().get(4).get(1)).as("Miso is the top hit for the cat's name").isEqualTo(1.0);
        assertThat(result.contextP95()).isLessThanOrEqualTo(MemoryEval.DEFAULT_CONTEXT_BUDGET);
        assertThat(rows("select count(*) from memory_items")).as("the run deletes its data").isZero();
    }

    @Test
    void should_reach_the_recall_floor_on_one_locomo_conversation_and_write_the_results() throws IOException {
        // given
        Path dataset = Datasets.locomo();
        if (dataset == null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but LoCoMo was not found: set MAESTRO_DATASETS to the folder holding locomo/locomo10.json");
        }
        assumeTrue(dataset != null, "LoCoMo not found: set MAESTRO_DATASETS or -Dmaestro.datasets to the folder holding locomo/locomo10.json");

        // when
        MemoryEvalResult result = MemoryEval.builder().memory(memory()).conversations(1).build().run(dataset);
        MemoryEvalReport.write(result, out);

        // then
        assertThat(result.qaItems()).isEqualTo(199);
        assertThat(result.recall().get(10)).isGreaterThanOrEqualTo(RECALL_AT_10_FLOOR);
        assertThat(result.contextP50()).isLessThanOrEqualTo(1_500);
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.path("dataset").isTextual()).isTrue();
        assertThat(json.path("qa_items").asInt()).isEqualTo(199);
        assertThat(json.path("skipped").isInt()).isTrue();
        assertThat(json.path("recall").path("@5").isDouble()).isTrue();
        assertThat(json.path("recall").path("@10").asDouble()).isEqualTo(Math.round(result.recall().get(10) * 10_000) / 10_000.0);
        assertThat(json.path("recall").path("@25").isDouble()).isTrue();
        assertThat(json.path("by_category").path("4").path("@10").isDouble()).isTrue();
        assertThat(json.path("context_tokens").path("p50").isInt()).isTrue();
        assertThat(json.path("context_tokens").path("p95").isInt()).isTrue();
        assertThat(out.resolve("report.md")).exists();
        assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,");
    }

    private static long rows(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
