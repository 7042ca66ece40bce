package dev.maestro.evals.cache;

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

/** Writes a {@link CacheEval.Result} as {@code results.json}, {@code report.md} and {@code report.html}. */
public final class CacheReport {

    private CacheReport() {
    }

    public static void write(CacheEval.Result result, Path dir, String command) {
        try {
            Files.createDirectories(dir);
            ReportJson.mapper().writeValue(dir.resolve("results.json").toFile(), json(result, command));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write results.json into " + dir, e);
        }
        report(result, command).writeTo(dir);
    }

    /** The goal block: at delta 0.02, the verified cache's rates next to the best static threshold within the same bound. */
    static Map<String, Object> goal(CacheEval.Result r) {
        CacheEval.Run v = r.atGoalDelta();
        CacheEval.Run s = r.bestStatic(CacheEval.GOAL_DELTA);
        Map<String, Object> goal = new LinkedHashMap<>();
        goal.put("delta", CacheEval.GOAL_DELTA);
        goal.put("policy", "budgeted");
        goal.put("error_rate", v == null ? null : v.errorRate());
        goal.put("hit_rate", v == null ? null : v.hitRate());
        goal.put("best_static_threshold", s == null ? null : s.parameter());
        goal.put("best_static_hit_rate", s == null ? null : s.hitRate());
        goal.put("best_static_error_rate", s == null ? null : s.errorRate());
        goal.put("met", v != null && v.errorRate() <= CacheEval.GOAL_DELTA && (s == null || v.hitRate() >= s.hitRate()));
        return goal;
    }

    static Map<String, Object> json(CacheEval.Result r, String command) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", r.dataset());
        out.put("queries", r.queries());
        out.put("in_scope", r.inScope());
        out.put("out_of_scope", r.outOfScope());
        out.put("seed", r.seed());
        out.put("fallback_threshold", r.fallbackThreshold());
        out.put("goal", goal(r));
        CacheEval.Run vc = r.verifiedAtGoalDelta();
        out.put("vcache_at_goal_delta", vc == null ? null : Map.of("error_rate", vc.errorRate(), "hit_rate", vc.hitRate()));
        out.put("budgeted", r.budgeted().stream().map(CacheReport::run).toList());
        out.put("verified", r.verified().stream().map(CacheReport::run).toList());
        out.put("static", r.statics().stream().map(CacheReport::run).toList());
        out.put("command", command);
        return out;
    }

    private static Map<String, Object> run(CacheEval.Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(run.policy().equals("static") ? "threshold" : "delta", run.parameter());
        m.put("hit_rate", run.hitRate());
        m.put("error_rate", run.errorRate());
        m.put("hits", run.hits());
        m.put("errors", run.errors());
        m.put("wrong_among_hits", Metric.applicable(run.hitPrecisionError()) ? run.hitPrecisionError() : null);
        m.put("learned_decisions", run.learnedDecisions());
        m.put("entries", run.entries());
        return m;
    }

    static Report report(CacheEval.Result r, String command) {
        Map<String, Object> goal = goal(r);
        CacheEval.Run v = r.atGoalDelta();
        CacheEval.Run s = r.bestStatic(CacheEval.GOAL_DELTA);
        Report report = Report.titled("Semantic cache on " + r.dataset())
                .paragraph(String.format(Locale.ROOT, "%,d test requests (%,d in scope, %,d out of scope) replayed in one shuffled order "
                        + "(seed %d) through an empty cache; a reuse is correct only when the intent labels match, never for an out-of-scope "
                        + "request. Error rate = wrong reuses / all requests. Entries without a learned boundary reuse at similarity ≥ %.2f.",
                        r.queries(), r.inScope(), r.outOfScope(), r.seed(), r.fallbackThreshold()))
                .paragraph("Command: `" + command + "`");
        report.heading("Goal");
        report.table(List.of("", "error rate", "hit rate"), List.of(
                List.of("budgeted (default), δ = " + CacheEval.GOAL_DELTA, pct(v == null ? Double.NaN : v.errorRate()), pct(v == null ? Double.NaN : v.hitRate())),
                List.of("vCache's verified rule, δ = " + CacheEval.GOAL_DELTA, pct(rate(r.verifiedAtGoalDelta(), true)), pct(rate(r.verifiedAtGoalDelta(), false))),
                List.of(s == null ? "no static threshold within 2 %" : "best static with error ≤ 2 % (threshold " + s.parameter() + ")",
                        pct(s == null ? Double.NaN : s.errorRate()), pct(s == null ? Double.NaN : s.hitRate()))));
        report.paragraph(Boolean.TRUE.equals(goal.get("met"))
                ? "Goal met: error rate ≤ 2 % and at least the hit rate of the best static threshold within the same bound."
                : "Goal not met.");
        report.heading("Budgeted policy (Maestro's default) by error bound δ");
        report.table(List.of("δ", "hit rate", "error rate", "wrong among hits", "learned decisions", "entries"), rows(r.budgeted()));
        report.heading("vCache's verified rule by error bound δ");
        report.table(List.of("δ", "hit rate", "error rate", "wrong among hits", "learned decisions", "entries"), rows(r.verified()));
        report.heading("Static thresholds");
        report.table(List.of("threshold", "hit rate", "error rate", "wrong among hits", "entries"),
                r.statics().stream().map(x -> List.of(String.valueOf(x.parameter()), pct(x.hitRate()), pct(x.errorRate()),
                        pct(x.hitPrecisionError()), String.valueOf(x.entries()))).toList());
        Map<String, Map<Double, Double>> tradeoff = new LinkedHashMap<>();
        tradeoff.put("budgeted (by δ)", points(r.budgeted()));
        tradeoff.put("vCache verified (by δ)", points(r.verified()));
        tradeoff.put("static (by threshold)", points(r.statics()));
        report.lineChart("Hit rate against error rate", "error rate (%)", "hit rate (%)", tradeoff);
        Map<String, Map<Double, Double>> byDelta = new LinkedHashMap<>();
        Map<Double, Double> measured = new LinkedHashMap<>();
        Map<Double, Double> measuredVcache = new LinkedHashMap<>();
        Map<Double, Double> bound = new LinkedHashMap<>();
        for (CacheEval.Run x : r.budgeted()) {
            measured.put(x.parameter() * 100, x.errorRate() * 100);
            bound.put(x.parameter() * 100, x.parameter() * 100);
        }
        for (CacheEval.Run x : r.verified()) {
            measuredVcache.put(x.parameter() * 100, x.errorRate() * 100);
        }
        byDelta.put("budgeted", measured);
        byDelta.put("vCache verified", measuredVcache);
        byDelta.put("bound δ", bound);
        report.lineChart("Error rate against the bound δ", "δ (%)", "error rate (%)", byDelta);
        Map<String, Map<Double, Double>> byThreshold = new LinkedHashMap<>();
        Map<Double, Double> hit = new LinkedHashMap<>();
        Map<Double, Double> err = new LinkedHashMap<>();
        for (CacheEval.Run x : r.statics()) {
            hit.put(x.parameter(), x.hitRate() * 100);
            err.put(x.parameter(), x.errorRate() * 100);
        }
        byThreshold.put("hit rate", hit);
        byThreshold.put("error rate", err);
        report.lineChart("Static thresholds: hit and error rate", "threshold", "%", byThreshold);
        if (v != null) {
            Map<String, Map<Double, Double>> curve = new LinkedHashMap<>();
            curve.put("budgeted δ = 0.02, error", curve(v.errorCurve(), v.queries()));
            curve.put("budgeted δ = 0.02, hits", curve(v.hitCurve(), v.queries()));
            if (s != null) {
                curve.put("static " + s.parameter() + ", error", curve(s.errorCurve(), s.queries()));
                curve.put("static " + s.parameter() + ", hits", curve(s.hitCurve(), s.queries()));
            }
            report.lineChart("Cumulative rates along the stream", "requests", "%", curve);
        }
        return report;
    }

    private static Map<Double, Double> points(List<CacheEval.Run> runs) {
        List<CacheEval.Run> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.errorRate(), b.errorRate()));
        Map<Double, Double> out = new LinkedHashMap<>();
        for (CacheEval.Run x : sorted) {
            out.putIfAbsent(x.errorRate() * 100, x.hitRate() * 100);
        }
        return out;
    }

    private static Map<Double, Double> curve(List<Double> values, int queries) {
        Map<Double, Double> out = new LinkedHashMap<>();
        int tenth = Math.max(1, queries / 10);
        for (int i = 0; i < values.size(); i++) {
            out.put((double) Math.min(queries, (i + 1) * tenth), values.get(i) * 100);
        }
        return out;
    }

    private static List<List<String>> rows(List<CacheEval.Run> runs) {
        return runs.stream().map(x -> List.of(String.valueOf(x.parameter()), pct(x.hitRate()), pct(x.errorRate()),
                pct(x.hitPrecisionError()), String.valueOf(x.learnedDecisions()), String.valueOf(x.entries()))).toList();
    }

    private static double rate(CacheEval.Run run, boolean error) {
        return run == null ? Double.NaN : error ? run.errorRate() : run.hitRate();
    }

    private static String pct(double share) {
        return Metric.percent(share, 2);
    }
}
