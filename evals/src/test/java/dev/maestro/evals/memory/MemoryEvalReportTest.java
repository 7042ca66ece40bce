package dev.maestro.evals.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryEvalReportTest {

    @TempDir
    Path out;

    @Test
    void should_write_results_json_in_the_issues_shape_and_both_reports() throws IOException {
        // given
        MemoryEvalResult result = new MemoryEvalResult("locomo10.json", "offline", 1, 419, 199, 2, 2,
                Map.of(5, 0.61, 10, 0.72, 25, 0.81), Map.of(4, Map.of(5, 0.7, 10, 0.8, 25, 0.9), 1, Map.of(5, 0.2, 10, 0.35, 25, 0.5)),
                Map.of(4, 140, 1, 32), 1_500, 1_479, 1_497, 0.73, 36_000, 20_000, Map.of("conv-26", 0.72), List.of(5, 10, 25));

        // when
        MemoryEvalReport.write(result, out);

        // then
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.path("dataset").asText()).isEqualTo("locomo10.json");
        assertThat(json.path("qa_items").asInt()).isEqualTo(199);
        assertThat(json.path("skipped").asInt()).isEqualTo(2);
        assertThat(json.path("recall").path("@5").asDouble()).isEqualTo(0.61);
        assertThat(json.path("recall").path("@10").asDouble()).isEqualTo(0.72);
        assertThat(json.path("recall").path("@25").asDouble()).isEqualTo(0.81);
        assertThat(json.path("by_category").path("4").path("@10").asDouble()).isEqualTo(0.8);
        assertThat(json.path("by_category").path("1").path("name").asText()).isEqualTo("multi-hop");
        assertThat(json.path("context_tokens").path("p50").asInt()).isEqualTo(1_479);
        assertThat(json.path("context_tokens").path("p95").asInt()).isEqualTo(1_497);
        assertThat(Files.readString(out.resolve("report.md"))).contains("| all scored items | 61.0 % | 72.0 % | 81.0 % |");
        assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,");
    }
}
