package dev.maestro.evals.memory;

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
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link MemoryEvalResult} as {@code results.json} (the issue's shape plus extra keys), {@code report.md} and
 * {@code report.html} with charts.
 *
 * @since 0.1
 */
public final class MemoryEvalReport {

    /** Category codes of locomo10.json, as inferred from the paper's counts (see the dataset README). */
    static final Map<Integer, String> CATEGORIES = Map.of(1, "multi-hop", 2, "temporal", 3, "open-domain", 4, "single-hop",
            5, "adversarial");

    private MemoryEvalReport() {
    }

    public static void write(MemoryEvalResult result, Path dir) {
        try {
            Files.createDirectories(dir);
            ObjectMapper json = ReportJson.mapper();
            Files.writeString(dir.resolve("results.json"), json.writeValueAsString(toJson(json, result)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write results.json into " + dir, e);
        }
        report(result).writeTo(dir);
    }

    static ObjectNode toJson(ObjectMapper json, MemoryEvalResult r) {
        ObjectNode root = json.createObjectNode();
        root.put("dataset", r.dataset());
        root.put("qa_items", r.qaItems());
        root.put("skipped", r.skipped());
        ObjectNode recall = root.putObject("recall");
        r.recall().forEach((k, v) -> recall.put("@" + k, round(v)));
        ObjectNode byCategory = root.putObject("by_category");
        r.byCategory().forEach((cat, perK) -> {
            ObjectNode c = byCategory.putObject(Integer.toString(cat));
            perK.forEach((k, v) -> c.put("@" + k, round(v)));
            c.put("items", r.categoryCounts().get(cat));
            c.put("name", CATEGORIES.getOrDefault(cat, "unknown"));
        });
        ObjectNode context = root.putObject("context_tokens");
        context.put("p50", r.contextP50());
        context.put("p95", r.contextP95());
        context.put("budget", r.contextBudget());
        // extra keys
        root.put("mode", r.mode());
        root.put("conversations", r.conversations());
        root.put("turns", r.turns());
        root.put("scored", r.scored());
        root.put("skipped_no_evidence", r.skippedNoEvidence());
        root.put("skipped_unresolved_evidence", r.skipped() - r.skippedNoEvidence());
        root.put("context_recall", round(r.contextRecall()));
        root.put("feed_ms", r.feedMillis());
        root.put("query_ms", r.queryMillis());
        ObjectNode per = root.putObject("recall_at_10_by_conversation");
        r.perConversation().forEach((id, v) -> per.put(id, round(v)));
        return root;
    }

    static Report report(MemoryEvalResult r) {
        Report report = Report.titled("Memory evaluation on LoCoMo")
                .paragraph(String.format(Locale.ROOT, "%d conversations, %d turns, %d QA items (%d scored, %d skipped: %d without evidence,"
                                + " %d with evidence that does not resolve to a turn). Mode: %s. Dataset: %s.",
                        r.conversations(), r.turns(), r.qaItems(), r.scored(), r.skipped(), r.skippedNoEvidence(),
                        r.skipped() - r.skippedNoEvidence(), r.mode(), r.dataset()))
                .heading("Evidence recall");
        List<String> headers = new ArrayList<>(List.of("metric"));
        r.ks().forEach(k -> headers.add("@" + k));
        List<String> overall = new ArrayList<>(List.of("all scored items"));
        r.ks().forEach(k -> overall.add(pct(r.recall().get(k))));
        List<List<String>> rows = new ArrayList<>();
        rows.add(overall);
        r.byCategory().forEach((cat, perK) -> {
            List<String> row = new ArrayList<>(List.of("category " + cat + " (" + CATEGORIES.getOrDefault(cat, "?") + ", "
                    + r.categoryCounts().get(cat) + " items)"));
            r.ks().forEach(k -> row.add(pct(perK.get(k))));
            rows.add(row);
        });
        report.table(headers, rows);
        Map<String, Map<Double, Double>> curve = new LinkedHashMap<>();
        Map<Double, Double> points = new LinkedHashMap<>();
        r.recall().forEach((k, v) -> points.put(k.doubleValue(), v));
        curve.put("evidence recall", points);
        report.lineChart("Evidence recall@k", "k", "recall", curve);
        Map<String, Double> bars = new LinkedHashMap<>();
        // a category whose items were all skipped has no recall: no bar rather than a bar at 0
        r.byCategory().forEach((cat, perK) -> bars.put(cat + " " + CATEGORIES.getOrDefault(cat, "?"), perK.getOrDefault(10, Double.NaN)));
        if (!bars.isEmpty() && r.ks().contains(10)) {
            report.barChart("Evidence recall@10 by category", "recall@10", Map.of("recall@10", bars));
        }
        report.heading("Context per query")
                .table(List.of("budget", "p50 tokens", "p95 tokens", "evidence recall within the context"),
                        List.of(List.of(Integer.toString(r.contextBudget()), Integer.toString(r.contextP50()),
                                Integer.toString(r.contextP95()), pct(r.contextRecall()))))
                .heading("Time")
                .paragraph(String.format(Locale.ROOT, "Feeding (store, embed, background work): %.1f s; queries: %.1f s.",
                        r.feedMillis() / 1000.0, r.queryMillis() / 1000.0))
                .heading("Recall@10 by conversation");
        List<List<String>> convRows = new ArrayList<>();
        r.perConversation().forEach((id, v) -> convRows.add(List.of(id, pct(v))));
        report.table(List.of("conversation", "recall@10"), convRows);
        return report;
    }

    private static String pct(Double v) {
        return v == null ? "–" : Metric.percent(v, 1);
    }

    private static double round(double v) {
        return Metric.round(v, 4);
    }
}
