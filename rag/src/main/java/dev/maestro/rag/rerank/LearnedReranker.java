package dev.maestro.rag.rerank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maestro.core.Ensure;
import dev.maestro.core.MaestroException;
import dev.maestro.rag.Candidate;
import dev.maestro.rag.internal.Json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code learned}: a linear learning-to-rank model over {@link LtrFeatures}, trained offline with a pairwise
 * logistic loss (RankNet with a linear scorer) from relevance labels or accumulated feedback. Features are
 * standardised with the training set's mean and deviation, which are stored with the weights.
 *
 * <pre>{@code
 * LearnedReranker ltr = LearnedReranker.train(lists, LearnedReranker.Training.defaults());
 * policies.save(collection, PolicyStore.Kind.LTR, ltr.toJson(), true);
 * }</pre>
 *
 * @since 0.1
 */
public final class LearnedReranker implements Reranker {

    private final double[] weights;
    private final double[] mean;
    private final double[] scale;

    public LearnedReranker(double[] weights, double[] mean, double[] scale) {
        int d = LtrFeatures.NAMES.size();
        if (weights.length != d || mean.length != d || scale.length != d) {
            throw new IllegalArgumentException("A learned reranker needs " + d + " weights, means and scales, was "
                    + weights.length + "/" + mean.length + "/" + scale.length);
        }
        this.weights = weights.clone();
        this.mean = mean.clone();
        this.scale = scale.clone();
    }

    /**
     * One query's candidates with graded labels (0 = not relevant).
     *
     * @param labels one per candidate, same order
     */
    public record TrainingList(String query, List<Candidate> candidates, List<Double> labels) {
        public TrainingList {
            if (candidates.size() != labels.size()) {
                throw new IllegalArgumentException("candidates and labels differ in size: " + candidates.size() + " vs " + labels.size());
            }
        }
    }

    /**
     * Training settings.
     *
     * @param iterations   full-batch gradient steps
     * @param learningRate step size (features are standardised, the loss averaged per query)
     * @param l2           weight decay
     */
    public record Training(int iterations, double learningRate, double l2) {
        public static Training defaults() {
            return new Training(1000, 2.0, 1e-4);
        }
    }

    /**
     * Minimises the pairwise logistic loss {@code Σ_q 1/|P_q| Σ_(i≻j)∈P_q log(1 + exp(−w·(x_i − x_j)))} plus
     * {@code l2/2 ‖w‖²} by full-batch gradient descent: deterministic, and every query weighs the same however
     * many pairs it has.
     *
     * @throws MaestroException when no list has both a relevant and a non-relevant candidate
     */
    public static LearnedReranker train(List<TrainingList> lists, Training t) {
        Ensure.notEmpty(lists, "lists");
        int d = LtrFeatures.NAMES.size();
        List<double[][]> xs = new ArrayList<>();
        double[] mean = new double[d];
        double[] sq = new double[d];
        long n = 0;
        for (TrainingList l : lists) {
            double[][] x = LtrFeatures.of(l.query(), l.candidates());
            xs.add(x);
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    mean[j] += row[j];
                    sq[j] += row[j] * row[j];
                }
                n++;
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] /= Math.max(1, n);
            double var = sq[j] / Math.max(1, n) - mean[j] * mean[j];
            scale[j] = var > 1e-12 ? Math.sqrt(var) : 1;
        }
        // pair differences, standardised, with per-query weights
        List<double[]> diffs = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        int queries = 0;
        for (int li = 0; li < lists.size(); li++) {
            List<Double> y = lists.get(li).labels();
            double[][] x = xs.get(li);
            List<double[]> mine = new ArrayList<>();
            for (int i = 0; i < y.size(); i++) {
                for (int j = 0; j < y.size(); j++) {
                    if (y.get(i) > y.get(j)) {
                        double[] diff = new double[d];
                        for (int k = 0; k < d; k++) {
                            diff[k] = (x[i][k] - x[j][k]) / scale[k];
                        }
                        mine.add(diff);
                    }
                }
            }
            if (!mine.isEmpty()) {
                queries++;
                diffs.addAll(mine);
                for (int i = 0; i < mine.size(); i++) {
                    weights.add(1.0 / mine.size());
                }
            }
        }
        if (diffs.isEmpty()) {
            throw new MaestroException("Cannot train a learned reranker: no candidate list holds both a relevant and a"
                    + " non-relevant candidate (" + lists.size() + " lists)");
        }
        double[] w = new double[d];
        for (int it = 0; it < t.iterations(); it++) {
            double[] grad = new double[d];
            for (int p = 0; p < diffs.size(); p++) {
                double[] diff = diffs.get(p);
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += w[k] * diff[k];
                }
                double g = -weights.get(p) / (1 + Math.exp(s)); // d/ds of log(1 + e^-s), query-weighted
                for (int k = 0; k < d; k++) {
                    grad[k] += g * diff[k];
                }
            }
            for (int k = 0; k < d; k++) {
                w[k] -= t.learningRate() * (grad[k] / queries + t.l2() * w[k]);
            }
        }
        return new LearnedReranker(w, mean, scale);
    }

    @Override
    public String name() {
        return "learned";
    }

    @Override
    public List<Candidate> rerank(String query, List<Candidate> candidates) {
        double[][] x = LtrFeatures.of(query, candidates);
        List<Candidate> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            out.add(candidates.get(i).withHit(candidates.get(i).hit().withScore(score(x[i]))));
        }
        out.sort(Comparator.comparingDouble((Candidate c) -> c.hit().score()).reversed());
        return out;
    }

    double score(double[] x) {
        double s = 0;
        for (int j = 0; j < weights.length; j++) {
            s += weights[j] * (x[j] - mean[j]) / scale[j];
        }
        return s;
    }

    public List<Double> weights() {
        return java.util.Arrays.stream(weights).boxed().toList();
    }

    /** The model as JSON: {@code {"features": [...], "weights": [...], "mean": [...], "scale": [...]}}. */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        LtrFeatures.NAMES.forEach(o.putArray("features")::add);
        for (double v : weights) {
            o.withArray("weights").add(v);
        }
        for (double v : mean) {
            o.withArray("mean").add(v);
        }
        for (double v : scale) {
            o.withArray("scale").add(v);
        }
        return o;
    }

    /**
     * @throws MaestroException when the stored model was trained on other features
     */
    public static LearnedReranker fromJson(JsonNode o) {
        List<String> names = new ArrayList<>();
        o.path("features").forEach(n -> names.add(n.asText()));
        if (!names.equals(LtrFeatures.NAMES)) {
            throw new MaestroException("The stored learned reranker uses features " + names + " but this version computes "
                    + LtrFeatures.NAMES + "; retrain it");
        }
        return new LearnedReranker(array(o.path("weights")), array(o.path("mean")), array(o.path("scale")));
    }

    private static double[] array(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
