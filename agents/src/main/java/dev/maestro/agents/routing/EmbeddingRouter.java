package dev.maestro.agents.routing;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.core.Ensure;
import dev.maestro.core.MaestroException;
import dev.maestro.core.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Routes a request by the similarity of its embedding to each route's example utterances and description; no LLM
 * call. Abstains (empty route, {@code abstained = true}) when the best route scores under that route's threshold,
 * or leads the second-best route by less than that route's margin (the request is ambiguous between the two).
 *
 * <p>Examples are embedded once, in batches, when the router is built, into one in-memory L2-normalised
 * matrix; routing a request is one query embedding plus dot products (about 2 ms for 15,000 examples).
 * Fit thresholds from held-out data with {@link #fitThresholds(List)} or {@link #observe} + {@link ThresholdFitter};
 * or calibrate thresholds and margins on the examples themselves, each left out in turn, with {@link RouteCalibrator}.
 *
 * <pre>{@code
 * EmbeddingRouter router = EmbeddingRouter.builder().embeddingModel(model).routes(RouteFile.load(path)).build()
 *         .fitThresholds(heldOut);
 * RouteDecision d = router.route("write a python function that reverses a list");
 * }</pre>
 *
 * @since 0.1
 */
public final class EmbeddingRouter implements IntentRouter {

    /** How many candidates a decision lists. */
    public static final int ALTERNATIVES = 3;
    /** Best on CLINC150 (evals' RoutingEval): 94.8 % top-1 against 93.2 % for kNN alone and 93.3 % for centroids. */
    public static final RoutingMethod DEFAULT_METHOD = RoutingMethod.HYBRID;
    public static final int DEFAULT_K = 3;
    public static final double DEFAULT_HYBRID_WEIGHT = 0.5;
    /**
     * The threshold of routes without a fitted or explicit one. bge-small-en-v1.5 puts unrelated short
     * sentences at cosine 0.55 to 0.7 and paraphrases above 0.8; fitted on CLINC150 the global optimum is near this.
     */
    public static final double DEFAULT_THRESHOLD = 0.70;
    public static final int DEFAULT_BATCH_SIZE = 256;
    /**
     * kNN compares the request with the examples of this many routes, those with the nearest centroids;
     * on CLINC150 the top-1 accuracy is the same as comparing with all 15,000 examples, at a 15th of the dot products.
     */
    public static final int DEFAULT_CANDIDATES = 10;
    /** No margin: the best route above its threshold wins however close the second is (CLINC150's setting). */
    public static final double DEFAULT_MARGIN = 0;
    /**
     * A route's description counts as this many examples in its centroid: a route with three examples gets its
     * meaning half from the description, one with a hundred hardly at all (see the agents README for its effect).
     */
    public static final double DEFAULT_DESCRIPTION_WEIGHT = 2;

    private final EmbeddingModel embeddingModel;
    private final List<Route> routes;
    private final Map<String, Integer> routeIndex;
    private final ExampleIndex index;
    private final RoutingMethod method;
    private final int k;
    private final int candidates;
    private final double hybridWeight;
    private final double defaultThreshold;
    private final double descriptionWeight;
    private final double[] thresholds;
    private final double[] margins;
    private final ComplexityEstimator complexity;

    private EmbeddingRouter(Builder builder) {
        this.embeddingModel = Ensure.notNull(builder.embeddingModel, "embeddingModel");
        this.routes = List.copyOf(Ensure.notEmpty(builder.routes, "routes"));
        this.method = builder.method == null ? DEFAULT_METHOD : builder.method;
        this.k = Ensure.positive(builder.k == null ? DEFAULT_K : builder.k, "k");
        this.candidates = Ensure.notNegative(builder.candidates == null ? DEFAULT_CANDIDATES : builder.candidates, "candidates");
        this.hybridWeight = builder.hybridWeight == null ? DEFAULT_HYBRID_WEIGHT : builder.hybridWeight;
        if (!(hybridWeight >= 0 && hybridWeight <= 1)) {
            throw new IllegalArgumentException("hybridWeight must be within [0, 1], was " + hybridWeight);
        }
        this.defaultThreshold = builder.threshold == null ? DEFAULT_THRESHOLD : builder.threshold;
        this.descriptionWeight = builder.descriptionWeight == null ? DEFAULT_DESCRIPTION_WEIGHT : builder.descriptionWeight;
        if (!(descriptionWeight >= 0)) {
            throw new IllegalArgumentException("descriptionWeight must be >= 0, was " + descriptionWeight);
        }
        this.complexity = builder.complexityEstimator == null ? ComplexityEstimator.standard() : builder.complexityEstimator;
        this.routeIndex = new HashMap<>();
        for (int r = 0; r < routes.size(); r++) {
            if (routeIndex.put(routes.get(r).name(), r) != null) {
                throw new IllegalArgumentException("Route '" + routes.get(r).name() + "' is declared twice; route names must be unique");
            }
        }
        if (routes.stream().allMatch(r -> r.examples().isEmpty())) {
            throw new IllegalArgumentException("No route has examples; the embedding router needs example utterances to match against");
        }
        this.thresholds = new double[routes.size()];
        Arrays.fill(thresholds, defaultThreshold);
        if (builder.thresholds != null) {
            builder.thresholds.forEach((name, t) -> thresholds[indexOf(name)] = t);
        }
        this.margins = new double[routes.size()];
        Arrays.fill(margins, builder.margin == null ? DEFAULT_MARGIN : nonNegative(builder.margin, "margin"));
        if (builder.margins != null) {
            builder.margins.forEach((name, m) -> margins[indexOf(name)] = nonNegative(m, "margin of route " + name));
        }
        int batchSize = Ensure.positive(builder.batchSize == null ? DEFAULT_BATCH_SIZE : builder.batchSize, "batchSize");
        this.index = embedExamples(batchSize, builder.progress == null ? Progress.NONE : builder.progress);
    }

    private EmbeddingRouter(EmbeddingRouter base, double[] thresholds, double[] margins) {
        this.embeddingModel = base.embeddingModel;
        this.routes = base.routes;
        this.routeIndex = base.routeIndex;
        this.index = base.index;
        this.method = base.method;
        this.k = base.k;
        this.candidates = base.candidates;
        this.hybridWeight = base.hybridWeight;
        this.defaultThreshold = base.defaultThreshold;
        this.complexity = base.complexity;
        this.descriptionWeight = base.descriptionWeight;
        this.thresholds = thresholds;
        this.margins = margins;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public RouteDecision route(String request) {
        Ensure.notBlank(request, "request");
        return route(request, embeddingModel.embed(request).content());
    }

    /** Routes with an embedding the caller already has (e.g. shared with retrieval); it must come from the same model. */
    public RouteDecision route(String request, Embedding embedding) {
        Ensure.notBlank(request, "request");
        double[] scores = scores(embedding);
        List<ScoredRoute> top = top(scores, ALTERNATIVES);
        Complexity c = complexity.estimate(request);
        ScoredRoute best = top.getFirst();
        int r = routeIndex.get(best.route());
        if (best.score() < thresholds[r]) {
            return new RouteDecision(Optional.empty(), best.score(), true, top, c, RouteDecision.DecidedBy.NONE,
                    String.format(Locale.ROOT, "best match %s scores %.3f, under its threshold %.3f", best.route(), best.score(), thresholds[r]),
                    Optional.empty());
        }
        if (top.size() > 1 && best.score() - top.get(1).score() < margins[r]) {
            return new RouteDecision(Optional.empty(), best.score(), true, top, c, RouteDecision.DecidedBy.NONE,
                    String.format(Locale.ROOT, "%s leads %s by %.3f, under its margin %.3f", best.route(), top.get(1).route(),
                            best.score() - top.get(1).score(), margins[r]), Optional.empty());
        }
        return new RouteDecision(Optional.of(best.route()), best.score(), false, top, c, RouteDecision.DecidedBy.EMBEDDING);
    }

    /**
     * How the router sees held-out utterances (best route, score, correct or not), ready for a {@link ThresholdFitter}.
     *
     * @param embeddings one per utterance, in order, from the same model
     */
    public List<ThresholdFitter.Observation> observe(List<LabeledUtterance> heldOut, List<Embedding> embeddings) {
        if (heldOut.size() != embeddings.size()) {
            throw new IllegalArgumentException("heldOut has " + heldOut.size() + " utterances but embeddings has " + embeddings.size());
        }
        List<ThresholdFitter.Observation> observations = new ArrayList<>(heldOut.size());
        for (int i = 0; i < heldOut.size(); i++) {
            LabeledUtterance u = heldOut.get(i);
            u.route().ifPresent(this::indexOf);
            ScoredRoute best = top(scores(embeddings.get(i)), 1).getFirst();
            observations.add(new ThresholdFitter.Observation(best.route(), best.score(),
                    u.route().map(best.route()::equals).orElse(false), u.isOutOfScope()));
        }
        return observations;
    }

    /** A router with thresholds fitted on {@code heldOut} (in-scope and out-of-scope utterances) by the standard fitter. */
    public EmbeddingRouter fitThresholds(List<LabeledUtterance> heldOut) {
        Ensure.notEmpty(heldOut, "heldOut");
        List<Embedding> embeddings = embedAll(heldOut.stream().map(LabeledUtterance::text).toList(), DEFAULT_BATCH_SIZE, Progress.NONE);
        return withThresholds(ThresholdFitter.standard().fit(observe(heldOut, embeddings)));
    }

    /** A router sharing this one's examples, with {@code fitted}'s thresholds (routes it does not name get its global one). */
    public EmbeddingRouter withThresholds(ThresholdFitter.Fitted fitted) {
        double[] t = new double[routes.size()];
        for (int r = 0; r < routes.size(); r++) {
            t[r] = fitted.threshold(routes.get(r).name());
        }
        return new EmbeddingRouter(this, t, margins);
    }

    /** A router sharing this one's examples, with {@code calibration}'s thresholds and margins. */
    public EmbeddingRouter withCalibration(RouteCalibrator.Calibration calibration) {
        double[] t = new double[routes.size()];
        double[] m = new double[routes.size()];
        for (int r = 0; r < routes.size(); r++) {
            t[r] = calibration.threshold(routes.get(r).name());
            m[r] = calibration.margin(routes.get(r).name());
        }
        return new EmbeddingRouter(this, t, m);
    }

    /**
     * This router calibrated on its own examples by {@link RouteCalibrator#standard()}: thresholds at the calibrator's
     * floor and per-route margins. Itself when no route has two examples to leave one out of. Takes milliseconds for a
     * few hundred examples (dot products only), so it can run whenever a router is built.
     */
    public EmbeddingRouter calibrated() {
        List<RouteCalibrator.Observation> observations = leaveOneOut();
        return observations.isEmpty() ? this : withCalibration(RouteCalibrator.standard().calibrate(observations));
    }

    /**
     * Every example routed by the others (left out of its own route's kNN and centroid), for calibration: how the
     * router would see requests like its examples that it has not been given. Routes with one example are skipped.
     */
    public List<RouteCalibrator.Observation> leaveOneOut() {
        List<RouteCalibrator.Observation> out = new ArrayList<>(index.examples());
        for (int row = 0; row < index.examples(); row++) {
            int own = index.routeOf(row);
            if (index.size(own) < 2) {
                continue;
            }
            List<ScoredRoute> top = top(scores(index.example(row), row), 2);
            double margin = top.size() > 1 ? top.get(0).score() - top.get(1).score() : Double.POSITIVE_INFINITY;
            out.add(new RouteCalibrator.Observation(routes.get(own).name(), top.getFirst().route(), top.getFirst().score(), margin));
        }
        return out;
    }

    public List<Route> routes() {
        return routes;
    }

    public RoutingMethod method() {
        return method;
    }

    /** Every route's current margin: the lead over the second-best route it needs to decide. */
    public Map<String, Double> margins() {
        Map<String, Double> out = new HashMap<>();
        for (int r = 0; r < routes.size(); r++) {
            out.put(routes.get(r).name(), margins[r]);
        }
        return out;
    }

    /** Every route's current threshold. */
    public Map<String, Double> thresholds() {
        Map<String, Double> out = new HashMap<>();
        for (int r = 0; r < routes.size(); r++) {
            out.put(routes.get(r).name(), thresholds[r]);
        }
        return out;
    }

    private double[] scores(Embedding embedding) {
        float[] q = embedding.vector();
        if (q.length != index.dim) {
            throw new MaestroException("The request embedding has " + q.length + " dimensions but the route examples have "
                    + index.dim + "; embed requests and examples with the same model");
        }
        return scores(ExampleIndex.normalised(q), -1);
    }

    /** @param exclude an example left out of its route, or -1 */
    private double[] scores(float[] q, int exclude) {
        double[] centroid = index.centroid(q, exclude);
        if (method == RoutingMethod.CENTROID) {
            return centroid;
        }
        boolean[] nearest = ExampleIndex.best(centroid, candidates);
        double[] knn = index.knn(q, k, nearest, exclude);
        if (method == RoutingMethod.KNN) {
            return knn;
        }
        for (int r = 0; r < knn.length; r++) {
            boolean near = nearest == null || nearest[r];
            // A route known only by its description has no neighbours: its centroid speaks for it.
            knn[r] = knn[r] == Double.NEGATIVE_INFINITY ? (near ? centroid[r] : Double.NEGATIVE_INFINITY)
                    : hybridWeight * knn[r] + (1 - hybridWeight) * centroid[r];
        }
        return knn;
    }

    private List<ScoredRoute> top(double[] scores, int n) {
        List<ScoredRoute> out = new ArrayList<>(n);
        boolean[] taken = new boolean[scores.length];
        for (int slot = 0; slot < n; slot++) {
            int arg = -1;
            for (int r = 0; r < scores.length; r++) {
                if (!taken[r] && scores[r] > Double.NEGATIVE_INFINITY && (arg < 0 || scores[r] > scores[arg])) {
                    arg = r;
                }
            }
            if (arg < 0) {
                break;
            }
            taken[arg] = true;
            out.add(new ScoredRoute(routes.get(arg).name(), scores[arg]));
        }
        return out;
    }

    private static double nonNegative(double value, String name) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
        return value;
    }

    private int indexOf(String name) {
        Integer r = routeIndex.get(name);
        if (r == null) {
            throw new IllegalArgumentException("Unknown route '" + name + "'; known routes: " + routeIndex.keySet().stream().sorted().toList());
        }
        return r;
    }

    private ExampleIndex embedExamples(int batchSize, Progress progress) {
        List<String> texts = new ArrayList<>();
        int[] counts = new int[routes.size()];
        for (int r = 0; r < routes.size(); r++) {
            texts.addAll(routes.get(r).examples());
            counts[r] = routes.get(r).examples().size();
        }
        int examples = texts.size();
        List<Integer> described = new ArrayList<>();
        if (descriptionWeight > 0) {
            for (int r = 0; r < routes.size(); r++) {
                if (!routes.get(r).description().isEmpty()) {
                    described.add(r);
                    texts.add(routes.get(r).description());
                }
            }
        }
        List<Embedding> embeddings = embedAll(texts, batchSize, progress);
        int dim = embeddings.getFirst().dimension();
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (Embedding e : embeddings) {
            if (e.dimension() != dim) {
                throw new MaestroException("The embedding model returned vectors of " + dim + " and " + e.dimension() + " dimensions");
            }
            vectors.add(e.vector());
        }
        float[][] descriptions = new float[routes.size()][];
        for (int i = 0; i < described.size(); i++) {
            descriptions[described.get(i)] = vectors.get(examples + i);
        }
        return ExampleIndex.of(vectors.subList(0, examples), counts, descriptions, descriptionWeight, dim);
    }

    private List<Embedding> embedAll(List<String> texts, int batchSize, Progress progress) {
        List<Embedding> out = new ArrayList<>(texts.size());
        try (Progress.Task task = progress.start("Embedding route examples", texts.size(), "examples")) {
            for (int from = 0; from < texts.size(); from += batchSize) {
                List<TextSegment> batch = texts.subList(from, Math.min(texts.size(), from + batchSize)).stream().map(TextSegment::from).toList();
                List<Embedding> embedded = embeddingModel.embedAll(batch).content();
                if (embedded.size() != batch.size()) {
                    throw new MaestroException("The embedding model returned " + embedded.size() + " embeddings for " + batch.size() + " texts");
                }
                out.addAll(embedded);
                task.step(batch.size());
            }
        }
        return out;
    }

    public static final class Builder {
        private EmbeddingModel embeddingModel;
        private List<Route> routes;
        private RoutingMethod method;
        private Integer k;
        private Integer candidates;
        private Double hybridWeight;
        private Double threshold;
        private Map<String, Double> thresholds;
        private Double margin;
        private Map<String, Double> margins;
        private Double descriptionWeight;
        private ComplexityEstimator complexityEstimator;
        private Integer batchSize;
        private Progress progress;

        private Builder() {
        }

        /** Embeds examples and requests. Symmetric use: give it no query instruction or prefix. */
        public Builder embeddingModel(EmbeddingModel embeddingModel) {
            this.embeddingModel = embeddingModel;
            return this;
        }

        /** The routes; names must be unique and at least one route needs examples. */
        public Builder routes(List<Route> routes) {
            this.routes = routes;
            return this;
        }

        /** Defaults to {@link #DEFAULT_METHOD}. */
        public Builder method(RoutingMethod method) {
            this.method = method;
            return this;
        }

        /** Neighbours averaged per route by {@link RoutingMethod#KNN} and {@link RoutingMethod#HYBRID}; defaults to {@value #DEFAULT_K}. */
        public Builder k(int k) {
            this.k = k;
            return this;
        }

        /**
         * Routes whose examples kNN compares with, chosen by centroid similarity; 0 compares with every example.
         * Defaults to {@value #DEFAULT_CANDIDATES}.
         */
        public Builder candidates(int candidates) {
            this.candidates = candidates;
            return this;
        }

        /** Share of the kNN score in {@link RoutingMethod#HYBRID}; defaults to {@value #DEFAULT_HYBRID_WEIGHT}. */
        public Builder hybridWeight(double hybridWeight) {
            this.hybridWeight = hybridWeight;
            return this;
        }

        /** Threshold for routes without their own; defaults to {@value #DEFAULT_THRESHOLD}. */
        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** Per-route thresholds by route name; unknown names are rejected at build time. */
        public Builder thresholds(Map<String, Double> thresholds) {
            this.thresholds = thresholds;
            return this;
        }

        /** Lead over the second-best route needed to decide, for routes without their own; defaults to {@value #DEFAULT_MARGIN}. */
        public Builder margin(double margin) {
            this.margin = margin;
            return this;
        }

        /** Per-route margins by route name; unknown names are rejected at build time. */
        public Builder margins(Map<String, Double> margins) {
            this.margins = margins;
            return this;
        }

        /**
         * How many examples a route's description counts as in its centroid; 0 ignores descriptions. Defaults to
         * {@value #DEFAULT_DESCRIPTION_WEIGHT}.
         */
        public Builder descriptionWeight(double descriptionWeight) {
            this.descriptionWeight = descriptionWeight;
            return this;
        }

        public Builder complexityEstimator(ComplexityEstimator complexityEstimator) {
            this.complexityEstimator = complexityEstimator;
            return this;
        }

        /** Texts per {@code embedAll} call when embedding examples; defaults to {@value #DEFAULT_BATCH_SIZE}. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Reports example embedding; defaults to {@link Progress#NONE}. */
        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /** Embeds every example now; throws what the embedding model throws. */
        public EmbeddingRouter build() {
            return new EmbeddingRouter(this);
        }
    }
}
