package dev.maestro.rag.adaptive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maestro.core.Ensure;
import dev.maestro.core.MaestroException;
import dev.maestro.rag.internal.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A contextual bandit over retrieval strategies with Thompson sampling (linear Thompson sampling, Agrawal and
 * Goyal 2013): each arm keeps a Bayesian linear model of reward given the query features,
 * {@code A = λI + Σ x xᵀ}, {@code b = Σ r x}, posterior mean {@code μ = A⁻¹ b}, covariance {@code v² A⁻¹}. Choosing
 * samples θ per arm and takes the arm with the largest {@code xᵀθ}; {@link #best} takes the posterior means
 * (no exploration). It is the contextual form of the Beta-sampling router in design document 002 (A/B testing).
 * Mutable and not thread-safe: {@link #copy()} before sharing.
 *
 * @since 0.1
 */
public final class ThompsonBandit {

    /** Prior precision λ (defaults to 1). */
    public static final double DEFAULT_LAMBDA = 1.0;
    /** Posterior scale v (defaults to 0.5: about the spread of per-query rewards such as nDCG@10 in [0, 1]). */
    public static final double DEFAULT_SCALE = 0.5;

    private final int d;
    private final boolean contextual;
    private final double lambda;
    private final double scale;
    private final Map<String, double[][]> a = new LinkedHashMap<>();
    private final Map<String, double[]> b = new LinkedHashMap<>();
    private final Map<String, Integer> pulls = new LinkedHashMap<>();

    private ThompsonBandit(List<String> arms, int d, boolean contextual, double lambda, double scale) {
        Ensure.notEmpty(arms, "arms");
        this.d = Ensure.positive(d, "dimension");
        this.contextual = contextual;
        this.lambda = lambda;
        this.scale = scale;
        for (String arm : arms) {
            double[][] m = new double[d][d];
            for (int i = 0; i < d; i++) {
                m[i][i] = lambda;
            }
            a.put(arm, m);
            b.put(arm, new double[d]);
            pulls.put(arm, 0);
        }
    }

    /** A bandit with no observations: every arm equally likely. */
    public static ThompsonBandit create(List<String> arms, int dimension) {
        return new ThompsonBandit(arms, dimension, true, DEFAULT_LAMBDA, DEFAULT_SCALE);
    }

    /**
     * A bandit that ignores the context: only feature 0 (the constant bias) is used, which makes it the plain
     * per-arm Thompson sampling of the design document. {@link PolicyUpdater} keeps it when the contextual policy
     * does not replay better.
     */
    public static ThompsonBandit contextFree(List<String> arms, int dimension) {
        return new ThompsonBandit(arms, dimension, false, DEFAULT_LAMBDA, DEFAULT_SCALE);
    }

    public static ThompsonBandit create(List<String> arms, int dimension, double lambda, double scale) {
        return new ThompsonBandit(arms, dimension, true, lambda, scale);
    }

    /** Whether it uses the query features (false: the bias only). */
    public boolean contextual() {
        return contextual;
    }

    public List<String> arms() {
        return List.copyOf(a.keySet());
    }

    /** Observations per arm. */
    public Map<String, Integer> pulls() {
        return Map.copyOf(pulls);
    }

    /** Records that {@code arm}, chosen for context {@code x}, earned {@code reward}. Unknown arms are ignored. */
    public void update(String arm, double[] features, double reward) {
        double[][] m = a.get(arm);
        if (m == null) {
            return;
        }
        double[] x = project(features);
        double[] v = b.get(arm);
        for (int i = 0; i < d; i++) {
            v[i] += reward * x[i];
            for (int j = 0; j < d; j++) {
                m[i][j] += x[i] * x[j];
            }
        }
        pulls.merge(arm, 1, Integer::sum);
    }

    /** Thompson sampling: the arm whose sampled reward for {@code x} is largest. */
    public String choose(double[] features, Random random) {
        double[] x = project(features);
        String best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (String arm : a.keySet()) {
            double[][] inv = Linear.inverse(a.get(arm));
            double[] mu = Linear.times(inv, b.get(arm));
            double[][] l = Linear.cholesky(inv);
            double[] z = new double[d];
            for (int i = 0; i < d; i++) {
                z[i] = random.nextGaussian();
            }
            double value = 0;
            for (int i = 0; i < d; i++) {
                double theta = mu[i];
                for (int j = 0; j <= i; j++) {
                    theta += scale * l[i][j] * z[j];
                }
                value += theta * x[i];
            }
            if (value > bestValue) {
                bestValue = value;
                best = arm;
            }
        }
        return best;
    }

    /** The arm with the largest expected reward for {@code x} (ties: the earlier arm). */
    public String best(double[] features) {
        double[] x = project(features);
        String best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (String arm : a.keySet()) {
            double value = expectedProjected(arm, x);
            if (value > bestValue + 1e-12) {
                bestValue = value;
                best = arm;
            }
        }
        return best;
    }

    /** Posterior mean reward of {@code arm} for {@code x}. */
    public double expected(String arm, double[] features) {
        double[] x = project(features);
        double[] mu = Linear.times(Linear.inverse(a.get(arm)), b.get(arm));
        double v = 0;
        for (int i = 0; i < d; i++) {
            v += mu[i] * x[i];
        }
        return v;
    }

    private double expectedProjected(String arm, double[] x) {
        double[] mu = Linear.times(Linear.inverse(a.get(arm)), b.get(arm));
        double v = 0;
        for (int i = 0; i < d; i++) {
            v += mu[i] * x[i];
        }
        return v;
    }

    public ThompsonBandit copy() {
        return fromJson(toJson());
    }

    /** {@code {"dimension", "lambda", "scale", "arms": {name: {"a": [[..]], "b": [..], "pulls": n}}}}. */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("dimension", d);
        o.put("contextual", contextual);
        o.put("lambda", lambda);
        o.put("scale", scale);
        ObjectNode arms = o.putObject("arms");
        for (String arm : a.keySet()) {
            ObjectNode n = arms.putObject(arm);
            ArrayNode rows = n.putArray("a");
            for (double[] row : a.get(arm)) {
                ArrayNode r = rows.addArray();
                for (double v : row) {
                    r.add(v);
                }
            }
            ArrayNode bv = n.putArray("b");
            for (double v : b.get(arm)) {
                bv.add(v);
            }
            n.put("pulls", pulls.get(arm));
        }
        return o;
    }

    public static ThompsonBandit fromJson(JsonNode o) {
        int d = o.path("dimension").asInt();
        List<String> names = new ArrayList<>();
        o.path("arms").fieldNames().forEachRemaining(names::add);
        if (d <= 0 || names.isEmpty()) {
            throw new MaestroException("The stored bandit policy has no arms or no dimension: " + o);
        }
        ThompsonBandit t = new ThompsonBandit(names, d, o.path("contextual").asBoolean(true), o.path("lambda").asDouble(DEFAULT_LAMBDA), o.path("scale").asDouble(DEFAULT_SCALE));
        for (String arm : names) {
            JsonNode n = o.path("arms").path(arm);
            for (int i = 0; i < d; i++) {
                t.b.get(arm)[i] = n.path("b").path(i).asDouble();
                for (int j = 0; j < d; j++) {
                    t.a.get(arm)[i][j] = n.path("a").path(i).path(j).asDouble();
                }
            }
            t.pulls.put(arm, n.path("pulls").asInt());
        }
        return t;
    }

    private double[] project(double[] x) {
        if (x.length != d) {
            throw new IllegalArgumentException("The bandit expects " + d + " features, got " + x.length
                    + "; the feature set changed, so retrain the policy");
        }
        if (contextual) {
            return x;
        }
        double[] bias = new double[d];
        bias[0] = x[0];
        return bias;
    }
}
