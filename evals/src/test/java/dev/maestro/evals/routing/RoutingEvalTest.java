package dev.maestro.evals.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The routing evaluation on a CLINC150 subset: 20 intents x 30 training utterances, their 600 test utterances
 * and 100 out-of-scope ones. Measured at 97.5 % in-scope accuracy and 76 % out-of-scope recall (hybrid);
 * the floors sit a few points under that. About 20 s, mostly embedding 1,800 utterances.
 */
class RoutingEvalTest {

    private static final double ACCURACY_FLOOR = 0.93;
    private static final double OOS_RECALL_FLOOR = 0.60;

    @TempDir
    Path out;

    @Test
    void should_route_a_clinc150_subset_above_the_floors_and_write_the_results() throws IOException {
        // given
        Path file = SharedDatasets.find("clinc150/data_full.json").orElse(null);
        if (file == null && "true".equals(System.getenv("CI"))) {
            fail("CLINC150 not found: set MAESTRO_DATASETS or put shared/datasets beside the repository");
        }
        assumeTrue(file != null, "CLINC150 not found (set MAESTRO_DATASETS); skipping");
        RoutingDataset subset = RoutingDataset.clinc150(file).subset(20, 30, 100);

        // when
        RoutingEval.Result result = RoutingEval.builder().embeddingModel(new BgeSmallEnV15QuantizedEmbeddingModel())
                .latencySamples(20).build().run(subset);
        RoutingReport.write(result, out, "test");

        // then
        assertThat(result.testInScope()).isEqualTo(600);
        assertThat(result.testOutOfScope()).isEqualTo(100);
        assertThat(result.primary().variant().name()).isEqualTo("hybrid");
        assertThat(result.variants()).extracting(v -> v.variant().name()).containsExactly("hybrid", "knn", "centroid");
        assertThat(result.primary().inScopeAccuracy()).isGreaterThanOrEqualTo(ACCURACY_FLOOR);
        assertThat(result.primary().oosRecall()).isGreaterThanOrEqualTo(OOS_RECALL_FLOOR);
        assertThat(result.latencyMs()).hasSize(20);

        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.get("dataset").asText()).startsWith("data_full.json (subset: 20 intents x 30)");
        assertThat(json.get("in_scope_accuracy").asDouble()).isEqualTo(result.primary().inScopeAccuracy());
        assertThat(json.get("oos_recall").asDouble()).isEqualTo(result.primary().oosRecall());
        assertThat(json.get("latency_ms").get("p50").asDouble()).isPositive();
        assertThat(json.get("latency_ms").get("p95").asDouble()).isGreaterThanOrEqualTo(json.get("latency_ms").get("p50").asDouble());
        assertThat(json.get("test_queries").asInt()).isEqualTo(700);
        assertThat(json.get("methods").fieldNames()).toIterable().containsExactly("hybrid", "knn", "centroid");
        assertThat(Files.readString(out.resolve("report.md"))).contains("| in-scope accuracy | 93.00 %", "Most confused intent pairs");
        assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,");
    }
}
