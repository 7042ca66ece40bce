package dev.maestro.evals.routing;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.agents.routing.EmbeddingRouter;
import dev.maestro.agents.routing.LabeledUtterance;
import dev.maestro.agents.routing.RouteDecision;
import dev.maestro.agents.routing.RoutingMethod;
import dev.maestro.agents.routing.ThresholdFitter;
import dev.maestro.core.Ensure;
import dev.maestro.core.Progress;
import dev.maestro.evals.report.Metric;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the {@link EmbeddingRouter} on an intent dataset: route examples from {@code train}, thresholds
 * fitted on {@code heldOut}, in-scope accuracy and out-of-scope recall on {@code test}, and the latency of
 * routing one request (query embedding included). No LLM is called.
 *
 * <p>Several router variants (kNN, centroid, hybrid) are scored on the same embeddings; the first is the
 * primary one, reported at the top level of {@code results.json}. Latency is measured for the primary
 * variant on {@link Builder#latencySamples} test queries embedded afresh by the uncached model.
 *
 * <pre>{@code
 * RoutingEval.Result r = RoutingEval.builder().embeddingModel(new BgeSmallEnV15QuantizedEmbeddingModel())
 *         .cacheDir(out.resolve("cache")).build().run(RoutingDataset.clinc150(path));
 * RoutingReport.write(r, out);
 * }</pre>
 *
 * @since 0.1
 */
public final class RoutingEval {

    /** The mean of kNN and centroid scores (the router's default, the primary), kNN alone (k=3), centroids alone. */
    public static final List<Variant> DEFAULT_VARIANTS = List.of(
            Variant.of("hybrid", RoutingMethod.HYBRID), Variant.of("knn", RoutingMethod.KNN), Variant.of("centroid", RoutingMethod.CENTROID));
    public static final int DEFAULT_LATENCY_SAMPLES = 500;
    static final int LATENCY_WARMUP = 20;
    static final int CONFUSED_PAIRS = 10;
    private static final int EMBED_BATCH = 256;

    private final EmbeddingModel embeddingModel;
    private final Path cacheDir;
    private final List<Variant> variants;
    private final int latencySamples;
    private final Progress progress;

    private RoutingEval(Builder builder) {
        this.embeddingModel = Ensure.notNull(builder.embeddingModel, "embeddingModel");
        this.cacheDir = builder.cacheDir;
        this.variants = List.copyOf(Ensure.notEmpty(builder.variants == null ? DEFAULT_VARIANTS : builder.variants, "variants"));
        this.latencySamples = Ensure.notNegative(builder.latencySamples == null ? DEFAULT_LATENCY_SAMPLES : builder.latencySamples, "latencySamples");
        this.progress = builder.progress == null ? Progress.NONE : builder.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * One router configuration to score.
     *
     * @param priorStrength see {@link ThresholdFitter.Builder#priorStrength}
     * @param oosWeight     see {@link ThresholdFitter.Builder#oosWeight}
     */
    public record Variant(String name, RoutingMethod method, int k, int candidates, double hybridWeight, double priorStrength,
                          double oosWeight) {

        public Variant {
            Ensure.notBlank(name, "name");
            Ensure.notNull(method, "method");
            Ensure.positive(k, "k");
        }

        /** The router's and the fitter's defaults with this method. */
        public static Variant of(String name, RoutingMethod method) {
            return new Variant(name, method, EmbeddingRouter.DEFAULT_K, EmbeddingRouter.DEFAULT_CANDIDATES, EmbeddingRouter.DEFAULT_HYBRID_WEIGHT,
                    ThresholdFitter.DEFAULT_PRIOR_STRENGTH, ThresholdFitter.DEFAULT_OOS_WEIGHT);
        }
    }

    /** {@code count} in-scope test utterances of {@code expected} were routed to {@code predicted}. */
    public record Confusion(String expected, String predicted, int count) {
    }

    /**
     * How one variant did on the test split.
     *
     * @param inScopeAccuracy  share of in-scope test utterances routed to their intent (abstaining counts as wrong)
     * @param oosRecall        share of out-of-scope test utterances the router abstained on
     * @param topOneAccuracy   in-scope accuracy had the router never abstained
     * @param inScopeAbstained share of in-scope test utterances the router abstained on
     * @param globalThreshold  the fitted single threshold (per-route ones are shrunk towards it)
     * @param heldOutObjective accuracy + weight × recall reached on the held-out split
     */
    public record VariantResult(Variant variant, double inScopeAccuracy, double oosRecall, double topOneAccuracy,
                                double inScopeAbstained, double globalThreshold, double heldOutObjective,
                                List<Confusion> confusions, double seconds) {
    }

    /**
     * The whole run.
     *
     * @param latencyMs   sorted per-request routing latencies (embedding + scoring) of the primary variant
     * @param scoringMs   sorted latencies of the scoring part alone (the request already embedded)
     * @param loadAverage the system load average when latency was measured (latency is only comparable at similar load)
     */
    public record Result(String dataset, int intents, int trainUtterances, int heldOutUtterances, int testInScope,
                         int testOutOfScope, List<VariantResult> variants, double[] latencyMs, double[] scoringMs,
                         double loadAverage) {

        public VariantResult primary() {
            return variants.getFirst();
        }

        public int testQueries() {
            return testInScope + testOutOfScope;
        }

        /** The p-th percentile (0..100) of the end-to-end latencies, nearest rank; NaN when none were measured. */
        public double latencyPercentile(double p) {
            return percentile(latencyMs, p);
        }

        /** The p-th percentile (0..100) of the scoring latencies. */
        public double scoringPercentile(double p) {
            return percentile(scoringMs, p);
        }

        private static double percentile(double[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    public Result run(RoutingDataset dataset) {
        CachedEmbeddingModel cached = new CachedEmbeddingModel(embeddingModel,
                cacheDir == null ? null : CachedEmbeddingModel.fileFor(embeddingModel, cacheDir));
        List<String> all = new ArrayList<>();
        dataset.train().forEach(u -> all.add(u.text()));
        dataset.heldOut().forEach(u -> all.add(u.text()));
        dataset.test().forEach(u -> all.add(u.text()));
        try (Progress.Task task = progress.start("Embedding utterances", all.size(), "utterances")) {
            for (int from = 0; from < all.size(); from += EMBED_BATCH) {
                List<String> batch = all.subList(from, Math.min(all.size(), from + EMBED_BATCH));
                cached.embedAll(batch.stream().map(TextSegment::from).toList());
                task.step(batch.size());
            }
        }
        List<Embedding> heldOut = embed(cached, dataset.heldOut());
        List<Embedding> test = embed(cached, dataset.test());

        List<VariantResult> results = new ArrayList<>();
        EmbeddingRouter primary = null;
        for (Variant v : variants) {
            long start = System.nanoTime();
            EmbeddingRouter router = EmbeddingRouter.builder().embeddingModel(cached).routes(dataset.routes())
                    .method(v.method()).k(v.k()).candidates(v.candidates()).hybridWeight(v.hybridWeight()).build();
            ThresholdFitter.Fitted fitted = ThresholdFitter.builder().priorStrength(v.priorStrength()).oosWeight(v.oosWeight()).build()
                    .fit(router.observe(dataset.heldOut(), heldOut));
            router = router.withThresholds(fitted);
            results.add(score(v, router, fitted, dataset.test(), test, start));
            if (primary == null) {
                primary = router;
            }
        }
        int inScope = (int) dataset.test().stream().filter(u -> !u.isOutOfScope()).count();
        double[][] latencies = latencies(primary, dataset.test());
        return new Result(dataset.name(), dataset.intents().size(), dataset.train().size(), dataset.heldOut().size(),
                inScope, dataset.test().size() - inScope, results, latencies[0], latencies[1],
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private VariantResult score(Variant v, EmbeddingRouter router, ThresholdFitter.Fitted fitted, List<LabeledUtterance> test,
                                List<Embedding> embeddings, long start) {
        int inScope = 0, correct = 0, topOne = 0, abstainedIn = 0, oos = 0, abstainedOos = 0;
        Map<List<String>, Integer> confusions = new HashMap<>();
        try (Progress.Task task = progress.start("Scoring " + v.name(), test.size(), "queries")) {
            for (int i = 0; i < test.size(); i++) {
                LabeledUtterance u = test.get(i);
                RouteDecision d = router.route(u.text(), embeddings.get(i));
                if (u.isOutOfScope()) {
                    oos++;
                    abstainedOos += d.abstained() ? 1 : 0;
                } else {
                    inScope++;
                    String expected = u.route().orElseThrow();
                    String best = d.alternatives().getFirst().route();
                    topOne += best.equals(expected) ? 1 : 0;
                    if (d.abstained()) {
                        abstainedIn++;
                    } else if (best.equals(expected)) {
                        correct++;
                    } else {
                        confusions.merge(List.of(expected, best), 1, Integer::sum);
                    }
                }
                task.step(1);
            }
        }
        List<Confusion> top = confusions.entrySet().stream()
                .map(e -> new Confusion(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                .sorted(Comparator.comparingInt(Confusion::count).reversed().thenComparing(Confusion::expected).thenComparing(Confusion::predicted))
                .limit(CONFUSED_PAIRS).toList();
        return new VariantResult(v, Metric.ratio(correct, inScope), Metric.ratio(abstainedOos, oos), Metric.ratio(topOne, inScope),
                Metric.ratio(abstainedIn, inScope),
                fitted.global(), fitted.objective(), top, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Embeds each sampled request with the real (uncached) model and routes it, as {@code route(String)} does.
     * Returns the sorted end-to-end latencies and the sorted scoring-only latencies.
     */
    private double[][] latencies(EmbeddingRouter router, List<LabeledUtterance> test) {
        int n = Math.min(latencySamples, test.size());
        if (n == 0) {
            return new double[][]{new double[0], new double[0]};
        }
        for (int i = 0; i < Math.min(LATENCY_WARMUP, test.size()); i++) {
            String text = test.get(i).text();
            router.route(text, embeddingModel.embed(text).content());
        }
        double[] ms = new double[n];
        double[] scoring = new double[n];
        try (Progress.Task task = progress.start("Measuring latency", n, "queries")) {
            for (int i = 0; i < n; i++) {
                String text = test.get((int) ((long) i * test.size() / n)).text();
                long t0 = System.nanoTime();
                Embedding embedding = embeddingModel.embed(text).content();
                long t1 = System.nanoTime();
                router.route(text, embedding);
                long t2 = System.nanoTime();
                ms[i] = (t2 - t0) / 1e6;
                scoring[i] = (t2 - t1) / 1e6;
                task.step(1);
            }
        }
        Arrays.sort(ms);
        Arrays.sort(scoring);
        return new double[][]{ms, scoring};
    }

    private static List<Embedding> embed(EmbeddingModel model, List<LabeledUtterance> utterances) {
        return model.embedAll(utterances.stream().map(u -> TextSegment.from(u.text())).toList()).content();
    }


    public static final class Builder {
        private EmbeddingModel embeddingModel;
        private Path cacheDir;
        private List<Variant> variants;
        private Integer latencySamples;
        private Progress progress;

        private Builder() {
        }

        /** Embeds examples and queries; use it without a query prefix (routing compares sentence to sentence). */
        public Builder embeddingModel(EmbeddingModel embeddingModel) {
            this.embeddingModel = embeddingModel;
            return this;
        }

        /** Where embeddings persist between runs (one file per model); none by default, so each run embeds everything. */
        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        /** Router variants to score, the primary first; defaults to {@link #DEFAULT_VARIANTS}. */
        public Builder variants(List<Variant> variants) {
            this.variants = variants;
            return this;
        }

        /** Test queries timed end to end; defaults to {@value #DEFAULT_LATENCY_SAMPLES}; 0 skips timing. */
        public Builder latencySamples(int latencySamples) {
            this.latencySamples = latencySamples;
            return this;
        }

        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        public RoutingEval build() {
            return new RoutingEval(this);
        }
    }
}
