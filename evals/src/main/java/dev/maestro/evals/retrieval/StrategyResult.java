package dev.maestro.evals.retrieval;

import dev.maestro.evals.report.Metric;

import java.util.List;
import java.util.Map;

/**
 * One strategy's scores, averaged over the evaluated queries; each is NaN (not applicable) when no query was
 * evaluated, e.g. an empty split or {@code --limit 0}.
 *
 * @since 0.1
 */
public record StrategyResult(String strategy, double ndcg10, double recall10, double recall100, double mrr10,
                             double latencyP50Ms, double latencyP95Ms) {

    /** Averages the metrics of {@code runs} against their qrels. */
    static StrategyResult of(String strategy, List<QueryRun> runs, Map<String, Map<String, Integer>> qrels) {
        List<Double> latencies = runs.stream().map(QueryRun::latencyMs).toList();
        // an empty query set has no mean and no percentile; Metrics.percentile's 0 would read as "instant"
        double p50 = latencies.isEmpty() ? Double.NaN : Metrics.percentile(latencies, 50);
        double p95 = latencies.isEmpty() ? Double.NaN : Metrics.percentile(latencies, 95);
        return new StrategyResult(strategy,
                Metric.mean(runs.stream().map(r -> Metrics.ndcg(r.docIds(), qrels.get(r.queryId()), 10)).toList()),
                Metric.mean(runs.stream().map(r -> Metrics.recall(r.docIds(), qrels.get(r.queryId()), 10)).toList()),
                Metric.mean(runs.stream().map(r -> Metrics.recall(r.docIds(), qrels.get(r.queryId()), 100)).toList()),
                Metric.mean(runs.stream().map(r -> Metrics.mrr(r.docIds(), qrels.get(r.queryId()), 10)).toList()),
                p50, p95);
    }
}
