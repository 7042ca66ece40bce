package dev.maestro.evals.routing;

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

/** Writes a {@link RoutingEval.Result} as {@code results.json}, {@code report.md} and {@code report.html}. */
public final class RoutingReport {

    /** Issue 5's targets. */
    public static final double TARGET_IN_SCOPE_ACCURACY = 0.93;
    public static final double TARGET_OOS_RECALL = 0.50;
    public static final double TARGET_P50_MS = 10;

    private static final double[] PERCENTILES = {10, 25, 50, 75, 90, 95, 99};

    private RoutingReport() {
    }

    /** Writes the three files into {@code dir}, creating it; {@code command} is recorded so the run can be repeated. */
    public static void write(RoutingEval.Result result, Path dir, String command) {
        try {
            Files.createDirectories(dir);
            ReportJson.mapper().writeValue(dir.resolve("results.json").toFile(), json(result, command));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write results.json into " + dir, e);
        }
        report(result, command).writeTo(dir);
    }

    static Map<String, Object> json(RoutingEval.Result r, String command) {
        RoutingEval.VariantResult p = r.primary();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", r.dataset());
        out.put("in_scope_accuracy", p.inScopeAccuracy());
        out.put("oos_recall", p.oosRecall());
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", r.latencyPercentile(50));
        latency.put("p95", r.latencyPercentile(95));
        latency.put("scoring_p50", r.scoringPercentile(50));
        latency.put("scoring_p95", r.scoringPercentile(95));
        latency.put("samples", r.latencyMs().length);
        latency.put("load_average", r.loadAverage());
        out.put("latency_ms", latency);
        out.put("test_queries", r.testQueries());
        out.put("method", p.variant().name());
        out.put("top1_accuracy", p.topOneAccuracy());
        out.put("in_scope_abstained", p.inScopeAbstained());
        out.put("test_in_scope", r.testInScope());
        out.put("test_out_of_scope", r.testOutOfScope());
        out.put("intents", r.intents());
        out.put("train_utterances", r.trainUtterances());
        out.put("held_out_utterances", r.heldOutUtterances());
        out.put("most_confused", confusions(p));
        Map<String, Object> methods = new LinkedHashMap<>();
        for (RoutingEval.VariantResult v : r.variants()) {
            Map<String, Object> m = new LinkedHashMap<>();
            RoutingEval.Variant c = v.variant();
            m.put("method", c.method().name().toLowerCase(Locale.ROOT));
            m.put("k", c.k());
            m.put("candidates", c.candidates());
            m.put("hybrid_weight", c.hybridWeight());
            m.put("prior_strength", c.priorStrength());
            m.put("oos_weight", c.oosWeight());
            m.put("in_scope_accuracy", v.inScopeAccuracy());
            m.put("oos_recall", v.oosRecall());
            m.put("top1_accuracy", v.topOneAccuracy());
            m.put("in_scope_abstained", v.inScopeAbstained());
            m.put("global_threshold", v.globalThreshold());
            m.put("held_out_objective", v.heldOutObjective());
            m.put("seconds", v.seconds());
            m.put("most_confused", confusions(v));
            methods.put(c.name(), m);
        }
        out.put("methods", methods);
        out.put("command", command);
        return out;
    }

    static Report report(RoutingEval.Result r, String command) {
        RoutingEval.VariantResult p = r.primary();
        Report report = Report.titled("Intent routing on " + r.dataset())
                .paragraph(String.format(Locale.ROOT, "%d intents, %d training utterances as route examples, thresholds fitted on %d held-out "
                                + "utterances; scored on %d in-scope and %d out-of-scope test utterances. No LLM call. Command: `%s`",
                        r.intents(), r.trainUtterances(), r.heldOutUtterances(), r.testInScope(), r.testOutOfScope(), command))
                .heading("Targets (primary method: " + p.variant().name() + ")")
                .table(List.of("metric", "target", "measured", "met"), List.of(
                        row("in-scope accuracy", pct(TARGET_IN_SCOPE_ACCURACY), p.inScopeAccuracy(), p.inScopeAccuracy() >= TARGET_IN_SCOPE_ACCURACY),
                        row("out-of-scope recall", pct(TARGET_OOS_RECALL), p.oosRecall(), p.oosRecall() >= TARGET_OOS_RECALL),
                        List.of("p50 latency", "< " + ms(TARGET_P50_MS), ms(r.latencyPercentile(50)),
                                Metric.met(r.latencyPercentile(50), r.latencyPercentile(50) < TARGET_P50_MS))))
                .heading("Methods");
        List<List<String>> rows = new ArrayList<>();
        Map<String, Double> accuracy = new LinkedHashMap<>();
        Map<String, Double> recall = new LinkedHashMap<>();
        Map<String, Double> topOne = new LinkedHashMap<>();
        for (RoutingEval.VariantResult v : r.variants()) {
            RoutingEval.Variant c = v.variant();
            rows.add(List.of(c.name(), c.method().name().toLowerCase(Locale.ROOT) + " k=" + c.k(), pct(v.inScopeAccuracy()), pct(v.oosRecall()),
                    pct(v.topOneAccuracy()), pct(v.inScopeAbstained()), String.format(Locale.ROOT, "%.3f", v.globalThreshold())));
            accuracy.put(c.name(), 100 * v.inScopeAccuracy());
            recall.put(c.name(), 100 * v.oosRecall());
            topOne.put(c.name(), 100 * v.topOneAccuracy());
        }
        Map<String, Map<String, Double>> series = new LinkedHashMap<>();
        series.put("in-scope accuracy", accuracy);
        series.put("OOS recall", recall);
        series.put("top-1 (never abstain)", topOne);
        report.table(List.of("name", "method", "in-scope accuracy", "OOS recall", "top-1, never abstaining", "in-scope abstained", "global threshold"), rows)
                .barChart("Accuracy and out-of-scope recall by method", "%", series);
        if (r.latencyMs().length > 0) {
            Map<Double, Double> points = new LinkedHashMap<>();
            for (double q : PERCENTILES) {
                points.put(q, r.latencyPercentile(q));
            }
            report.heading("Latency")
                    .paragraph(String.format(Locale.ROOT, "Routing one request end to end (query embedding + scoring) with the %s method, %d test "
                            + "queries: p50 %s, p95 %s; the scoring alone (request already embedded): p50 %s, p95 %s. "
                            + "System load average during the run: %.1f (on a busy machine the embedding waits for a core).",
                            p.variant().name(), r.latencyMs().length, ms(r.latencyPercentile(50)), ms(r.latencyPercentile(95)),
                            ms(r.scoringPercentile(50)), ms(r.scoringPercentile(95)), r.loadAverage()))
                    .lineChart("Routing latency percentiles", "percentile", "ms", Map.of(p.variant().name(), points));
        }
        List<List<String>> confused = new ArrayList<>();
        for (RoutingEval.Confusion c : p.confusions()) {
            confused.add(List.of(c.expected(), c.predicted(), Integer.toString(c.count())));
        }
        return report.heading("Most confused intent pairs (" + p.variant().name() + ")")
                .table(List.of("expected", "routed to", "test utterances"), confused);
    }

    private static List<Map<String, Object>> confusions(RoutingEval.VariantResult v) {
        return v.confusions().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("expected", c.expected());
            m.put("predicted", c.predicted());
            m.put("count", c.count());
            return m;
        }).toList();
    }

    private static List<String> row(String metric, String target, double measured, boolean met) {
        return List.of(metric, target, pct(measured), Metric.met(measured, met));
    }

    private static String pct(double x) {
        return Metric.percent(x, 2);
    }

    private static String ms(double x) {
        return Metric.format("%.2f ms", x);
    }
}
