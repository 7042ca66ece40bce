package dev.maestro.evals.retrieval;

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

/** A strategy scored on an empty query set (an empty split, {@code --limit 0}) has no metric: null and n/a, not 0. */
class NoQueriesTest {

    @TempDir
    Path out;

    @Test
    void should_report_an_empty_query_set_as_not_applicable_and_write_all_three_files() throws IOException {
        // given
        Map<String, Map<String, Integer>> qrels = Map.of("q1", Map.of("d1", 1));
        StrategyResult none = StrategyResult.of("dense", List.of(), qrels);
        StrategyResult some = StrategyResult.of("keyword", List.of(new QueryRun("q1", List.of("d2", "d1"), 3.0)), qrels);
        RetrievalResults results = new RetrievalResults("tiny", "test", 1, 2, "beir-tiny", "model", List.of(some, none), 1.0);

        // when
        results.writeTo(out);

        // then
        assertThat(none.ndcg10()).isNaN();
        assertThat(none.latencyP50Ms()).isNaN();
        assertThat(some.recall10()).isEqualTo(1.0);
        assertThat(some.mrr10()).isEqualTo(0.5);
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.at("/strategies/dense/ndcg@10").isNull()).isTrue();
        assertThat(json.at("/strategies/dense/mrr@10").isNull()).isTrue();
        assertThat(json.at("/strategies/dense/latency_ms/p95").isNull()).isTrue();
        assertThat(json.at("/strategies/keyword/mrr@10").asDouble()).isEqualTo(0.5);
        assertThat(Files.readString(out.resolve("report.md"))).contains("| dense | n/a | n/a | n/a | n/a | n/a | n/a |",
                "| keyword | 0.631 | 1.000 | 1.000 | 0.500 | 3.0 | 3.0 |");
        assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,");
    }
}
