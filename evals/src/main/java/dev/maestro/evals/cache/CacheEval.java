package dev.maestro.evals.cache;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.agents.routing.LabeledUtterance;
import dev.maestro.cache.BudgetedPolicy;
import dev.maestro.cache.CacheKey;
import dev.maestro.cache.InMemoryCacheStore;
import dev.maestro.cache.Lookup;
import dev.maestro.cache.ReusePolicy;
import dev.maestro.cache.SemanticCache;
import dev.maestro.cache.VerifiedPolicy;
import dev.maestro.core.Ensure;
import dev.maestro.core.Progress;
import dev.maestro.evals.report.Metric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The semantic cache on an intent dataset, as vCache's classification benchmark runs it: the test split replayed in
 * a fixed shuffled order through an empty cache, where the "answer" an entry holds is the intent label of the
 * request that filled it. A reuse is correct only when the labels match, and never for an out-of-scope request.
 * Each policy (the budgeted and vCache's verified decision at several error bounds, static thresholds) replays the
 * same order.
 */
public final class CacheEval {

    /** The error bound the goal is checked at. */
    public static final double GOAL_DELTA = 0.02;
    public static final List<Double> DEFAULT_DELTAS = List.of(0.01, 0.02, 0.03, 0.05, 0.1);
    public static final List<Double> DEFAULT_THRESHOLDS = thresholds(0.80, 0.99, 0.01);
    static final String OOS = "oos";
    private static final CacheKey KEY = new CacheKey("eval", "classifier", "labels", "", "");
    private static final int BATCH = 256;

    private final EmbeddingModel embeddings;
    private final long seed;
    private final double fallbackThreshold;
    private final List<Double> deltas;
    private final List<Double> thresholds;
    private final Progress progress;

    public CacheEval(EmbeddingModel embeddings, long seed, double fallbackThreshold, List<Double> deltas, List<Double> thresholds, Progress progress) {
        this.embeddings = Ensure.notNull(embeddings, "embeddings");
        this.seed = seed;
        this.fallbackThreshold = fallbackThreshold;
        this.deltas = List.copyOf(deltas);
        this.thresholds = List.copyOf(thresholds);
        this.progress = progress == null ? Progress.NONE : progress;
    }

    /** One policy's replay. {@code errorCurve} and {@code hitCurve} are cumulative rates after each tenth of the stream. */
    public record Run(String policy, double parameter, int queries, int hits, int errors, int learnedDecisions,
                      int entries, List<Double> hitCurve, List<Double> errorCurve) {

        public double hitRate() {
            return Metric.ratio(hits, queries);
        }

        public double errorRate() {
            return Metric.ratio(errors, queries);
        }

        /** Errors among reuses: how often a hit was wrong. */
        public double hitPrecisionError() {
            return Metric.ratio(errors, hits);
        }
    }

    /**
     * @param budgeted the budgeted policy (Maestro's default) at each error bound
     * @param verified vCache's verified decision at each error bound
     * @param statics  static thresholds
     */
    public record Result(String dataset, int queries, int inScope, int outOfScope, long seed, double fallbackThreshold,
                         List<Run> budgeted, List<Run> verified, List<Run> statics) {

        /** The default policy's run at {@link #GOAL_DELTA}, if it was run. */
        public Run atGoalDelta() {
            return budgeted.stream().filter(r -> r.parameter() == GOAL_DELTA).findFirst().orElse(null);
        }

        /** vCache's run at {@link #GOAL_DELTA}, if it was run. */
        public Run verifiedAtGoalDelta() {
            return verified.stream().filter(r -> r.parameter() == GOAL_DELTA).findFirst().orElse(null);
        }

        /** The static threshold with the most hits among those whose error rate is at most {@code bound}; null when none. */
        public Run bestStatic(double bound) {
            Run best = null;
            for (Run r : statics) {
                if (r.errorRate() <= bound && (best == null || r.hitRate() > best.hitRate())) {
                    best = r;
                }
            }
            return best;
        }
    }

    /** Replays {@code test} in the seed's shuffled order; {@code limit} &gt; 0 keeps only that many of its first requests. */
    public Result run(String datasetName, List<LabeledUtterance> test, int limit) {
        Ensure.notEmpty(test, "test");
        List<LabeledUtterance> order = new ArrayList<>(test);
        Collections.shuffle(order, new Random(seed));
        if (limit > 0 && limit < order.size()) {
            order = new ArrayList<>(order.subList(0, limit));
        }
        List<float[]> vectors = embed(order);
        List<Run> verified = new ArrayList<>();
        List<Run> statics = new ArrayList<>();
        List<Run> budgeted = new ArrayList<>();
        try (Progress.Task task = progress.start("replaying", (long) (2 * deltas.size() + thresholds.size()) * order.size(), "requests")) {
            for (double delta : deltas) {
                verified.add(replay("vcache", delta, new VerifiedPolicy(delta, fallbackThreshold), order, vectors, task));
                budgeted.add(replay("budgeted", delta, new BudgetedPolicy(delta, fallbackThreshold), order, vectors, task));
            }
            for (double t : thresholds) {
                statics.add(replay("static", t, ReusePolicy.staticThreshold(t), order, vectors, task));
            }
        }
        int oos = (int) order.stream().filter(LabeledUtterance::isOutOfScope).count();
        return new Result(datasetName, order.size(), order.size() - oos, oos, seed, fallbackThreshold, budgeted, verified, statics);
    }

    private Run replay(String name, double parameter, ReusePolicy policy, List<LabeledUtterance> order, List<float[]> vectors, Progress.Task task) {
        InMemoryCacheStore store = new InMemoryCacheStore();
        SemanticCache cache = SemanticCache.builder().store(store).policy(policy)
                .judge((fresh, cached) -> fresh.equals(cached) && !OOS.equals(fresh))
                .random(new SplittableRandom(seed)).build();
        int hits = 0;
        int errors = 0;
        int learned = 0;
        List<Double> hitCurve = new ArrayList<>();
        List<Double> errorCurve = new ArrayList<>();
        int tenth = Math.max(1, order.size() / 10);
        for (int i = 0; i < order.size(); i++) {
            LabeledUtterance u = order.get(i);
            String label = u.route().orElse(OOS);
            Lookup found = cache.lookup(KEY, u.text(), vectors.get(i));
            if (found.decision() != null && found.decision().basis() == ReusePolicy.Basis.LEARNED) {
                learned++;
            }
            if (found.hit()) {
                hits++;
                if (!found.entry().answer().equals(label) || OOS.equals(label)) {
                    errors++;
                }
            } else {
                cache.learn(KEY, u.text(), vectors.get(i), label, found);
            }
            if ((i + 1) % tenth == 0 || i == order.size() - 1) {
                hitCurve.add(Metric.ratio(hits, i + 1));
                errorCurve.add(Metric.ratio(errors, i + 1));
            }
            task.step(1);
        }
        return new Run(name, parameter, order.size(), hits, errors, learned, (int) store.stats(null).entries(), hitCurve, errorCurve);
    }

    private List<float[]> embed(List<LabeledUtterance> order) {
        List<float[]> out = new ArrayList<>(order.size());
        try (Progress.Task task = progress.start("embedding", order.size(), "requests")) {
            for (int from = 0; from < order.size(); from += BATCH) {
                List<TextSegment> batch = order.subList(from, Math.min(order.size(), from + BATCH)).stream()
                        .map(u -> TextSegment.from(u.text())).toList();
                for (Embedding e : embeddings.embedAll(batch).content()) {
                    out.add(e.vector());
                }
                task.step(batch.size());
            }
        }
        return out;
    }

    static List<Double> thresholds(double from, double to, double step) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; from + i * step <= to + 1e-9; i++) {
            out.add(Metric.round(from + i * step, 4));
        }
        return out;
    }
}
