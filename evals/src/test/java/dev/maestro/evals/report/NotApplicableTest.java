package dev.maestro.evals.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A metric without a denominator: null in JSON, n/a in text, no bar or point in a chart, and never a failed report. */
class NotApplicableTest {

    @TempDir
    Path dir;

    @Test
    void should_be_nan_without_a_denominator_and_print_as_na() {
        assertThat(Metric.ratio(0, 0)).isNaN();
        assertThat(Metric.ratio(1, 4)).isEqualTo(0.25);
        assertThat(Metric.mean(List.<Double>of())).isNaN();
        assertThat(Metric.round(Double.NaN, 3)).isNaN();
        assertThat(Metric.round(0.12345, 3)).isEqualTo(0.123);
        assertThat(Metric.percent(Double.NaN, 2)).isEqualTo("n/a");
        assertThat(Metric.percent(0.5, 2)).isEqualTo("50.00 %");
        assertThat(Metric.met(Double.NaN, false)).isEqualTo("n/a");
        assertThat(Metric.met(0.9, true)).isEqualTo("yes");
    }

    @Test
    void should_write_nan_and_infinities_as_null_from_maps_records_and_tree_nodes() throws IOException {
        // given
        record Scores(double recall, float precision, double accuracy) {
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("oos_recall", Double.NaN);
        map.put("in_scope_accuracy", 0.94);
        map.put("scores", new Scores(Double.NaN, Float.POSITIVE_INFINITY, 0.5));
        ObjectNode tree = ReportJson.mapper().createObjectNode().put("ndcg@10", Double.NaN).put("queries", 0);

        // when
        JsonNode fromMap = ReportJson.mapper().readTree(ReportJson.mapper().writeValueAsString(map));
        JsonNode fromTree = ReportJson.mapper().readTree(ReportJson.mapper().writeValueAsString(tree));

        // then
        assertThat(fromMap.get("oos_recall").isNull()).isTrue();
        assertThat(fromMap.get("in_scope_accuracy").asDouble()).isEqualTo(0.94);
        assertThat(fromMap.at("/scores/recall").isNull()).isTrue();
        assertThat(fromMap.at("/scores/precision").isNull()).isTrue();
        assertThat(fromMap.at("/scores/accuracy").asDouble()).isEqualTo(0.5);
        assertThat(fromTree.get("ndcg@10").isNull()).isTrue();
        assertThat(fromTree.get("queries").asInt()).isZero();
    }

    @Test
    void should_leave_values_that_are_not_applicable_out_of_the_charts() throws IOException {
        // given
        Map<String, Double> accuracy = new LinkedHashMap<>();
        accuracy.put("hybrid", 94.0);
        accuracy.put("knn", Double.NaN);
        accuracy.put("centroid", null);
        Map<String, Double> recall = new LinkedHashMap<>();
        recall.put("hybrid", Double.NaN);
        recall.put("knn", Double.NaN);
        recall.put("centroid", Double.NaN);
        Map<String, Map<String, Double>> series = new LinkedHashMap<>();
        series.put("in-scope accuracy", accuracy);
        series.put("OOS recall", recall);
        Map<Double, Double> curve = new LinkedHashMap<>();
        curve.put(5.0, 0.4);
        curve.put(10.0, Double.NaN);

        // when
        Report.titled("Not applicable")
                .barChart("Accuracy and recall", "%", series)
                .lineChart("Recall@k", "k", "recall", Map.of("recall", curve))
                .barChart("Nothing measured", "%", Map.of("OOS recall", recall))
                .lineChart("No curve", "k", "recall", Map.of("recall", Map.of(10.0, Double.NaN)))
                .writeTo(dir);

        // then
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("![Accuracy and recall](chart-1.png)", "![Recall@k](chart-2.png)",
                "Nothing measured: no chart, nothing measured is applicable (n/a).", "No curve: no chart");
        assertThat(dir.resolve("chart-3.png")).doesNotExist();
        assertThat(Files.readAllBytes(dir.resolve("chart-1.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Files.readString(dir.resolve("report.html"))).contains("data:image/png;base64,", "Nothing measured: no chart");
    }
}
