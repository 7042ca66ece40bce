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

    @Test
    void should_report_a_category_whose_items_were_all_skipped_as_not_applicable() throws IOException {
        // given: category 5's only item and conv-2's only item were skipped (no evidence)
        RecallTally tally = new RecallTally(List.of(5, 10));
        tally.conversation("conv-1");
        tally.scored("conv-1", 4, Map.of(5, 0.5, 10, 1.0), 1.0, 1.0);
        tally.seen("conv-1", 5);
        tally.conversation("conv-2");
        tally.seen("conv-2", 4);
        MemoryEvalResult result = new MemoryEvalResult("tiny.json", "offline", 2, 10, 3, 2, 2, tally.recall(), tally.byCategory(),
                tally.categoryCounts(), 1_500, 120, 130, tally.contextRecall(), 10, 10, tally.perConversation(), List.of(5, 10));

        // when
        MemoryEvalReport.write(result, out);

        // then
        assertThat(result.byCategory().get(5).get(10)).isNaN();
        assertThat(result.categoryCounts()).containsEntry(5, 0).containsEntry(4, 1);
        assertThat(result.perConversation().get("conv-2")).isNaN();
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.at("/by_category/5/@10").isNull()).isTrue();
        assertThat(json.at("/by_category/5/items").asInt()).isZero();
        assertThat(json.at("/by_category/4/@10").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/recall_at_10_by_conversation/conv-2").isNull()).isTrue();
        assertThat(json.at("/recall/@5").asDouble()).isEqualTo(0.5);
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("| category 5 (adversarial, 0 items) | n/a | n/a |", "| conv-2 | n/a |", "| all scored items | 50.0 % | 100.0 % |");
        assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,");
    }

    @Test
    void should_report_a_run_without_any_scored_item_as_not_applicable() throws IOException {
        // given
        RecallTally tally = new RecallTally(List.of(10));
        tally.seen("conv-1", 2);
        MemoryEvalResult result = new MemoryEvalResult("tiny.json", "offline", 1, 4, 1, 1, 1, tally.recall(), tally.byCategory(),
                tally.categoryCounts(), 1_500, 0, 0, tally.contextRecall(), 10, 10, tally.perConversation(), List.of(10));

        // when
        MemoryEvalReport.write(result, out);

        // then
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.at("/recall/@10").isNull()).isTrue();
        assertThat(json.path("context_recall").isNull()).isTrue();
        assertThat(Files.readString(out.resolve("report.md"))).contains("| all scored items | n/a |", "Evidence recall@k: no chart");
        assertThat(out.resolve("report.html")).exists();
    }
}
