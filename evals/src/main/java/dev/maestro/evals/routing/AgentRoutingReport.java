package dev.maestro.evals.routing;

import dev.maestro.agents.routing.RouteDecision;
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

/** Writes an {@link AgentRoutingEval.Result} as {@code results.json}, {@code report.md} and {@code report.html}. */
public final class AgentRoutingReport {

    /** Issue 18's goal on the shipped set. */
    public static final double TARGET_ACCURACY = 0.90;
    public static final double TARGET_EMBEDDING_SHARE = 0.85;

    private static final double[] PERCENTILES = {10, 25, 50, 75, 90, 95, 99};
    private static final int MISROUTED_SHOWN = 40;

    private AgentRoutingReport() {
    }

    /**
     * Writes the three files into {@code dir}, creating it.
     *
     * @param command recorded so the run can be repeated
     * @param router  the router's settings (thresholds, margins, examples per agent), recorded as they were
     * @param compared other router variants scored on the same requests (see {@link RouterVariants}), or empty
     */
    public static void write(AgentRoutingEval.Result result, Path dir, String command, Map<String, Object> router,
                             Map<String, AgentRoutingEval.Result> compared) {
        try {
            Files.createDirectories(dir);
            ReportJson.mapper().writeValue(dir.resolve("results.json").toFile(), json(result, command, router, compared));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write results.json into " + dir, e);
        }
        report(result, command, router, compared).writeTo(dir);
    }

    static Map<String, Object> json(AgentRoutingEval.Result r, String command, Map<String, Object> router,
                                    Map<String, AgentRoutingEval.Result> compared) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("set", r.set());
        out.put("requests", r.requests());
        out.put("accuracy", r.accuracy());
        Map<String, Object> decided = new LinkedHashMap<>();
        Map<String, Object> decidedAccuracy = new LinkedHashMap<>();
        r.decidedShare().forEach((by, share) -> {
            decided.put(name(by), share);
            decidedAccuracy.put(name(by), r.accuracyWhenDecidedBy(by));
        });
        out.put("decided_by", decided);
        out.put("accuracy_by_decider", decidedAccuracy);
        out.put("top1_accuracy", r.topOneAccuracy());
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", r.latencyPercentile(50));
        latency.put("p95", r.latencyPercentile(95));
        latency.put("max", r.latencyPercentile(100));
        out.put("latency_ms", latency);
        List<Map<String, Object>> agents = new ArrayList<>();
        for (AgentRoutingEval.AgentScore s : r.perAgent()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("agent", s.agent());
            a.put("expected", s.expected());
            a.put("chosen", s.chosen());
            a.put("correct", s.correct());
            a.put("precision", s.precision());
            a.put("recall", s.recall());
            agents.add(a);
        }
        out.put("agents", agents);
        out.put("default_agent", r.defaultAgent());
        out.put("confusion", r.confusion());
        out.put("router", router);
        Map<String, Object> variants = new LinkedHashMap<>();
        compared.forEach((name, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("accuracy", v.accuracy());
            m.put("embedding_decided", v.decidedShare().get(RouteDecision.DecidedBy.EMBEDDING));
            m.put("embedding_accuracy", v.accuracyWhenDecidedBy(RouteDecision.DecidedBy.EMBEDDING));
            m.put("top1_accuracy", v.topOneAccuracy());
            variants.put(name, m);
        });
        if (!variants.isEmpty()) {
            out.put("variants", variants);
        }
        out.put("misrouted", r.outcomes().stream().filter(o -> !o.correct()).map(AgentRoutingReport::outcome).toList());
        out.put("command", command);
        return out;
    }

    static Report report(AgentRoutingEval.Result r, String command, Map<String, Object> router, Map<String, AgentRoutingEval.Result> compared) {
        Map<RouteDecision.DecidedBy, Double> share = r.decidedShare();
        double embedding = share.get(RouteDecision.DecidedBy.EMBEDDING);
        Report report = Report.titled("Routing to the configured agents: " + r.set())
                .paragraph(String.format(Locale.ROOT, "%d labelled requests to the agents %s (default: %s). Command: `%s`",
                        r.requests(), r.agents(), r.defaultAgent(), command))
                .heading("Goal")
                .table(List.of("metric", "target", "measured", "met"), List.of(
                        List.of("accuracy (agent that answers)", "≥ " + pct(TARGET_ACCURACY), pct(r.accuracy()), Metric.met(r.accuracy(), r.accuracy() >= TARGET_ACCURACY)),
                        List.of("decided by the embedding router (no LLM call)", "≥ " + pct(TARGET_EMBEDDING_SHARE), pct(embedding),
                                Metric.met(embedding, embedding >= TARGET_EMBEDDING_SHARE))))
                .heading("Who decided");
        List<List<String>> rows = new ArrayList<>();
        Map<String, Double> shares = new LinkedHashMap<>();
        for (RouteDecision.DecidedBy by : RouteDecision.DecidedBy.values()) {
            rows.add(List.of(name(by), pct(share.get(by)), pct(r.accuracyWhenDecidedBy(by))));
            shares.put(name(by), 100 * share.get(by));
        }
        report.table(List.of("stage", "share of requests", "accuracy of its decisions"), rows)
                .paragraph("Had the embedding router never abstained, its best agent would have been right for " + pct(r.topOneAccuracy()) + ".")
                .barChart("Share of requests decided by each stage", "%", Map.of("share", shares))
                .heading("Per agent");
        List<List<String>> agentRows = new ArrayList<>();
        Map<String, Double> precision = new LinkedHashMap<>();
        Map<String, Double> recall = new LinkedHashMap<>();
        for (AgentRoutingEval.AgentScore s : r.perAgent()) {
            agentRows.add(List.of(s.agent(), Integer.toString(s.expected()), Integer.toString(s.chosen()), pct(s.precision()), pct(s.recall())));
            precision.put(s.agent(), 100 * s.precision()); // an agent never chosen or expected gets no bar, not 0
            recall.put(s.agent(), 100 * s.recall());
        }
        Map<String, Map<String, Double>> series = new LinkedHashMap<>();
        series.put("precision", precision);
        series.put("recall", recall);
        report.table(List.of("agent", "requests", "routed to it", "precision", "recall"), agentRows)
                .barChart("Precision and recall per agent", "%", series)
                .heading("Confusion matrix (rows: expected, columns: chosen)");
        List<String> headers = new ArrayList<>(List.of("expected \\ chosen"));
        headers.addAll(r.agents());
        List<List<String>> matrix = new ArrayList<>();
        r.confusion().forEach((expected, row) -> {
            List<String> cells = new ArrayList<>(List.of(expected));
            row.values().forEach(n -> cells.add(Integer.toString(n)));
            matrix.add(cells);
        });
        report.table(headers, matrix);
        if (r.latencyMs().length > 0) {
            Map<Double, Double> points = new LinkedHashMap<>();
            for (double q : PERCENTILES) {
                points.put(q, r.latencyPercentile(q));
            }
            report.heading("Latency")
                    .paragraph(String.format(Locale.ROOT, "One routing decision (request embedding, scoring and any LLM call): p50 %s, p95 %s, max %s.",
                            ms(r.latencyPercentile(50)), ms(r.latencyPercentile(95)), ms(r.latencyPercentile(100))))
                    .lineChart("Routing latency percentiles", "percentile", "ms", Map.of("routing", points));
        }
        if (!compared.isEmpty()) {
            List<List<String>> vrows = new ArrayList<>();
            Map<String, Double> vacc = new LinkedHashMap<>();
            Map<String, Double> vemb = new LinkedHashMap<>();
            compared.forEach((name, v) -> {
                double e = v.decidedShare().get(RouteDecision.DecidedBy.EMBEDDING);
                vrows.add(List.of(name, pct(v.accuracy()), pct(e), pct(v.accuracyWhenDecidedBy(RouteDecision.DecidedBy.EMBEDDING)), pct(v.topOneAccuracy())));
                vacc.put(name, 100 * v.accuracy());
                vemb.put(name, 100 * e);
            });
            Map<String, Map<String, Double>> vseries = new LinkedHashMap<>();
            vseries.put("accuracy", vacc);
            vseries.put("decided by embedding", vemb);
            report.heading("Router variants (no LLM; abstentions go to " + r.defaultAgent() + ")")
                    .table(List.of("variant", "accuracy", "decided by embedding", "accuracy of those", "best agent right (never abstaining)"), vrows)
                    .barChart("Router variants", "%", vseries);
        }
        List<List<String>> settings = new ArrayList<>();
        router.forEach((k, v) -> settings.add(List.of(k, String.valueOf(v))));
        report.heading("Router").table(List.of("setting", "value"), settings);
        List<List<String>> wrong = r.outcomes().stream().filter(o -> !o.correct()).limit(MISROUTED_SHOWN)
                .map(o -> List.of(o.text(), o.expected(), o.chosen(), name(o.decidedBy()), String.format(Locale.ROOT, "%.3f", o.confidence()),
                        Metric.format("%.3f", o.margin())))
                .toList();
        return report.heading("Misrouted requests (first " + MISROUTED_SHOWN + ")")
                .table(List.of("request", "expected", "chosen", "decided by", "confidence", "margin"), wrong);
    }

    private static Map<String, Object> outcome(AgentRoutingEval.Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", o.text());
        m.put("expected", o.expected());
        m.put("chosen", o.chosen());
        m.put("decided_by", name(o.decidedBy()));
        m.put("confidence", o.confidence());
        m.put("margin", o.margin());
        return m;
    }

    private static String name(RouteDecision.DecidedBy by) {
        return by.name().toLowerCase(Locale.ROOT);
    }

    private static String pct(double x) {
        return Metric.percent(x, 1);
    }

    private static String ms(double x) {
        return Metric.format("%.2f ms", x);
    }
}
