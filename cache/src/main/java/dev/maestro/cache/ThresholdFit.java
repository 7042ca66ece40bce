package dev.maestro.cache;

import java.util.List;
import java.util.Optional;

/**
 * The per-entry decision boundary of vCache: {@code P(correct | s) = sigmoid(gamma * (s - t))}, fitted to an entry's
 * observations by maximum likelihood (logistic regression on {@code [1, s]}), with the variance of {@code t} by the
 * delta method.
 *
 * <p>Where vCache looks up a variance table for perfectly separated observations (no finite maximum-likelihood
 * estimate exists), this fit adds a small ridge penalty on {@code gamma}: the estimate stays finite, and the
 * penalised Hessian's inverse, wide when the sigmoid is steep over few points, gives the variance in every case.
 *
 * @param threshold the estimated {@code t}, in [0, 1]
 * @param gamma     the steepness, &gt; 0
 * @param variance  the variance of {@code t}
 */
public record ThresholdFit(double threshold, double gamma, double variance) {

    static final double RIDGE = 1e-4;
    private static final int MAX_ITERATIONS = 100;

    /** The fit, or empty when the observations hold only one outcome (no boundary to place) or it does not converge. */
    public static Optional<ThresholdFit> of(List<Observation> observations) {
        return of(observations, List.of(), 0);
    }

    /**
     * The fit of an entry's own observations (weight 1 each) together with the observations {@code pooled} from all
     * entries of its key, which weigh {@code priorWeight} in total: a prior that the entry's own evidence outweighs
     * as it grows. Empty when the weighted observations hold only one outcome or the fit does not converge.
     */
    public static Optional<ThresholdFit> of(List<Observation> own, List<Observation> pooled, double priorWeight) {
        int n = own.size() + pooled.size();
        double pooledWeight = pooled.isEmpty() ? 0 : priorWeight / pooled.size();
        boolean anyCorrect = false;
        boolean anyWrong = false;
        double[] s = new double[n];
        double[] y = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            Observation o = i < own.size() ? own.get(i) : pooled.get(i - own.size());
            s[i] = o.similarity();
            y[i] = o.correct() ? 1 : 0;
            w[i] = i < own.size() ? 1 : pooledWeight;
            anyCorrect |= o.correct() && w[i] > 0;
            anyWrong |= !o.correct() && w[i] > 0;
        }
        if (!anyCorrect || !anyWrong) {
            return Optional.empty();
        }
        double a = 0; // intercept
        double g = 1; // slope (gamma)
        double[][] h = new double[2][2];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double ga = 0;
            double gg = -RIDGE * g;
            h[0][0] = 0;
            h[0][1] = 0;
            h[1][1] = RIDGE;
            for (int i = 0; i < n; i++) {
                double p = sigmoid(a + g * s[i]);
                double v = w[i] * p * (1 - p);
                ga += w[i] * (y[i] - p);
                gg += w[i] * (y[i] - p) * s[i];
                h[0][0] += v;
                h[0][1] += v * s[i];
                h[1][1] += v * s[i] * s[i];
            }
            double det = h[0][0] * h[1][1] - h[0][1] * h[0][1];
            if (!(det > 1e-300)) {
                return Optional.empty();
            }
            double da = (h[1][1] * ga - h[0][1] * gg) / det;
            double dg = (h[0][0] * gg - h[0][1] * ga) / det;
            a += da;
            g += dg;
            if (!Double.isFinite(a) || !Double.isFinite(g)) {
                return Optional.empty();
            }
            if (Math.abs(da) + Math.abs(dg) < 1e-9) {
                break;
            }
        }
        // Hessian at the estimate, for the covariance of (a, g)
        double h00 = 0;
        double h01 = 0;
        double h11 = RIDGE;
        for (int i = 0; i < n; i++) {
            double p = sigmoid(a + g * s[i]);
            double v = w[i] * p * (1 - p);
            h00 += v;
            h01 += v * s[i];
            h11 += v * s[i] * s[i];
        }
        double det = h00 * h11 - h01 * h01;
        if (!(det > 1e-300)) {
            return Optional.empty();
        }
        double c00 = h11 / det;
        double c01 = -h01 / det;
        double c11 = h00 / det;
        double gamma = Math.max(g, 1e-6);
        double t = Math.clamp(-a / gamma, 0.0, 1.0);
        // t = -a / g: gradient (-1/g, a/g^2)
        double d0 = -1.0 / gamma;
        double d1 = a / (gamma * gamma);
        double variance = Math.max(0.0, d0 * d0 * c00 + 2 * d0 * d1 * c01 + d1 * d1 * c11);
        return Optional.of(new ThresholdFit(t, gamma, variance));
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
    }
}
