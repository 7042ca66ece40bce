package dev.maestro.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@link HybridRetriever} merges the dense and keyword lists.
 *
 * @since 0.1
 */
public sealed interface Fusion {

    /** Reciprocal rank fusion's usual constant (Cormack et al. 2009). */
    int DEFAULT_RRF_K = 60;

    /** Reciprocal rank fusion: {@code Σ 1/(k + rank)}, ranks from 1; ignores score scales. */
    static Fusion rrf(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("rrf k must be >= 0, was " + k);
        }
        return new Rrf(k);
    }

    static Fusion rrf() {
        return rrf(DEFAULT_RRF_K);
    }

    /**
     * Weighted score fusion: each list's scores min-max normalised to [0, 1] per query (absent = 0), then
     * {@code denseWeight · dense + (1 − denseWeight) · keyword}.
     */
    static Fusion weighted(double denseWeight) {
        if (denseWeight < 0 || denseWeight > 1) {
            throw new IllegalArgumentException("denseWeight must be in [0, 1], was " + denseWeight);
        }
        return new Weighted(denseWeight);
    }

    record Rrf(int k) implements Fusion {
    }

    record Weighted(double denseWeight) implements Fusion {
    }

    /** Fuses two ranked lists into candidates ordered by fused score (ties: better dense rank, then id). */
    static List<Fused> fuse(Fusion fusion, List<Scored> dense, List<Scored> keyword) {
        Map<Long, double[]> acc = new LinkedHashMap<>(); // id -> denseScore, denseRank, kwScore, kwRank, fused
        Map<Long, Integer> order = new HashMap<>();
        for (int i = 0; i < dense.size(); i++) {
            double[] a = acc.computeIfAbsent(dense.get(i).chunkId(), id -> new double[]{Double.NaN, -1, Double.NaN, -1, 0});
            a[0] = dense.get(i).score();
            a[1] = i;
        }
        for (int i = 0; i < keyword.size(); i++) {
            double[] a = acc.computeIfAbsent(keyword.get(i).chunkId(), id -> new double[]{Double.NaN, -1, Double.NaN, -1, 0});
            a[2] = keyword.get(i).score();
            a[3] = i;
        }
        switch (fusion) {
            case Rrf r -> acc.values().forEach(a -> a[4] = (a[1] >= 0 ? 1.0 / (r.k() + a[1] + 1) : 0)
                    + (a[3] >= 0 ? 1.0 / (r.k() + a[3] + 1) : 0));
            case Weighted w -> {
                double[] dr = range(dense);
                double[] kr = range(keyword);
                acc.values().forEach(a -> a[4] = w.denseWeight() * norm(a[0], dr) + (1 - w.denseWeight()) * norm(a[2], kr));
            }
        }
        List<Fused> out = new ArrayList<>(acc.size());
        acc.forEach((id, a) -> out.add(new Fused(id, a[4], a[0], (int) a[1], a[2], (int) a[3])));
        int n = 0;
        for (Fused f : out) {
            order.put(f.chunkId(), n++);
        }
        out.sort(Comparator.comparingDouble(Fused::score).reversed().thenComparingInt(f -> order.get(f.chunkId())));
        return out;
    }

    private static double[] range(List<Scored> list) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Scored s : list) {
            min = Math.min(min, s.score());
            max = Math.max(max, s.score());
        }
        return new double[]{min, max};
    }

    private static double norm(double v, double[] range) {
        if (Double.isNaN(v)) {
            return 0;
        }
        double span = range[1] - range[0];
        return span <= 0 ? 1 : (v - range[0]) / span;
    }

    /** One fused entry. */
    record Fused(long chunkId, double score, double denseScore, int denseRank, double keywordScore, int keywordRank) {
    }
}
