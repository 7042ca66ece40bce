package dev.maestro.evals.retrieval;

import java.util.List;
import java.util.Map;

/**
 * Ranking metrics as BEIR computes them (pytrec_eval): graded gains used linearly, log2 discounts,
 * recall over all judged-relevant documents (grade > 0).
 *
 * @since 0.1
 */
public final class Metrics {

    private Metrics() {
    }

    /** nDCG@k: {@code Σ rel_i / log2(i + 1)} over the top k, divided by the same sum for the ideal ranking. */
    public static double ndcg(List<String> ranked, Map<String, Integer> qrels, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            int rel = qrels.getOrDefault(ranked.get(i), 0);
            if (rel > 0) {
                dcg += rel / log2(i + 2);
            }
        }
        List<Integer> ideal = qrels.values().stream().filter(r -> r > 0).sorted((a, b) -> b - a).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Recall@k: relevant documents in the top k over all relevant documents. */
    public static double recall(List<String> ranked, Map<String, Integer> qrels, int k) {
        long relevant = qrels.values().stream().filter(r -> r > 0).count();
        if (relevant == 0) {
            return 0;
        }
        long found = ranked.stream().limit(k).filter(d -> qrels.getOrDefault(d, 0) > 0).count();
        return (double) found / relevant;
    }

    /** MRR@k: 1 / rank of the first relevant document within the top k, else 0. */
    public static double mrr(List<String> ranked, Map<String, Integer> qrels, int k) {
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (qrels.getOrDefault(ranked.get(i), 0) > 0) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /** The p-th percentile (0..100) by linear interpolation between closest ranks; 0 for no values. */
    public static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double pos = p / 100 * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
