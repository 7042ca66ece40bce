package dev.maestro.evals.retrieval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maestro.evals.report.Metric;
import dev.maestro.evals.report.Report;
import dev.maestro.evals.report.ReportJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a {@link RetrievalEvaluation}: written as {@code results.json} (the shape, plus
 * {@code collection}, {@code embedding_model} and {@code wall_seconds}), {@code report.md} and {@code report.html}.
 *
 * @since 0.1
 */
public record RetrievalResults(String dataset, String split, int queries, int corpusDocs, String collection,
                               String embeddingModel, List<StrategyResult> strategies, double wallSeconds) {

    private static final ObjectMapper MAPPER = ReportJson.mapper();

    public RetrievalResults {
        strategies = List.copyOf(strategies);
    }

    public StrategyResult strategy(String name) {
        return strategies.stream().filter(s -> s.strategy().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No results for strategy " + name));
    }

    /** {@code results.json} as a JSON tree; a metric that is not applicable (no queries) is NaN here, null once written. */
    public ObjectNode toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("dataset", dataset);
        root.put("split", split);
        root.put("queries", queries);
        root.put("corpus_docs", corpusDocs);
        ObjectNode s = root.putObject("strategies");
        for (StrategyResult r : strategies) {
            ObjectNode o = s.putObject(r.strategy());
            o.put("ndcg@10", round(r.ndcg10()));
            o.put("recall@10", round(r.recall10()));
            o.put("recall@100", round(r.recall100()));
            o.put("mrr@10", round(r.mrr10()));
            ObjectNode lat = o.putObject("latency_ms");
            lat.put("p50", round(r.latencyP50Ms()));
            lat.put("p95", round(r.latencyP95Ms()));
        }
        root.put("collection", collection);
        root.put("embedding_model", embeddingModel);
        root.put("wall_seconds", Math.round(wallSeconds * 10) / 10.0);
        return root;
    }

    /** Writes results.json, report.md and report.html (with charts) into {@code dir}. */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            MAPPER.writeValue(dir.resolve("results.json").toFile(), toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("Writing " + dir.resolve("results.json") + " failed", e);
        }
        List<List<String>> rows = new ArrayList<>();
        Map<String, Map<String, Double>> quality = new LinkedHashMap<>();
        Map<String, Map<String, Double>> latency = new LinkedHashMap<>();
        for (String metric : List.of("nDCG@10", "Recall@10", "Recall@100", "MRR@10")) {
            quality.put(metric, new LinkedHashMap<>());
        }
        latency.put("p50", new LinkedHashMap<>());
        latency.put("p95", new LinkedHashMap<>());
        for (StrategyResult r : strategies) {
            rows.add(List.of(r.strategy(), f3(r.ndcg10()), f3(r.recall10()), f3(r.recall100()), f3(r.mrr10()),
                    Metric.format("%.1f", r.latencyP50Ms()), Metric.format("%.1f", r.latencyP95Ms())));
            // chart labels print the values: round them (not applicable ones stay so and get no bar)
            quality.get("nDCG@10").put(r.strategy(), Metric.round(r.ndcg10(), 3));
            quality.get("Recall@10").put(r.strategy(), Metric.round(r.recall10(), 3));
            quality.get("Recall@100").put(r.strategy(), Metric.round(r.recall100(), 3));
            quality.get("MRR@10").put(r.strategy(), Metric.round(r.mrr10(), 3));
            latency.get("p50").put(r.strategy(), Metric.round(r.latencyP50Ms(), 1));
            latency.get("p95").put(r.strategy(), Metric.round(r.latencyP95Ms(), 1));
        }
        Report.titled("Retrieval on " + dataset + " (" + split + ")")
                .paragraph("%d queries over %d documents; collection `%s`, embedding model %s; wall time %.0f s."
                        .formatted(queries, corpusDocs, collection, embeddingModel, wallSeconds))
                .table(List.of("strategy", "nDCG@10", "Recall@10", "Recall@100", "MRR@10", "p50 ms", "p95 ms"), rows)
                .barChart("Quality by strategy", "score", quality)
                .barChart("Query latency by strategy (including query embedding)", "ms", latency)
                .writeTo(dir);
    }

    private static double round(double v) {
        return Metric.round(v, 4);
    }

    private static String f3(double v) {
        return Metric.format("%.3f", v);
    }
}
