package dev.maestro.evals.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Evidence recall@k: the share of an item's evidence ids found among the ids of the top {@code k} retrieved items.
 * One retrieved item may carry several ids (a fact drawn from several turns); duplicates count once.
 *
 * @since 0.1
 */
public final class EvidenceRecall {

    private EvidenceRecall() {
    }

    /**
     * @param ranked   the ids of each retrieved item, best first
     * @param evidence the gold ids; must not be empty
     */
    public static double atK(List<? extends Collection<String>> ranked, Collection<String> evidence, int k) {
        if (evidence.isEmpty()) {
            throw new IllegalArgumentException("evidence cannot be empty: skip such items instead of scoring them");
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, was " + k);
        }
        Set<String> found = new LinkedHashSet<>();
        for (Collection<String> ids : ranked.subList(0, Math.min(k, ranked.size()))) {
            found.addAll(ids);
        }
        Set<String> gold = new LinkedHashSet<>(evidence);
        long hit = gold.stream().filter(found::contains).count();
        return (double) hit / gold.size();
    }

    /** The nearest-rank percentile (p in 0..100) of {@code values}; 0 when there are none. */
    public static int percentile(List<Integer> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Integer> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
