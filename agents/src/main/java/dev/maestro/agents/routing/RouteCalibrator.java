package dev.maestro.agents.routing;

import dev.maestro.core.Ensure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibrates an {@link EmbeddingRouter}'s per-route margins on its own examples, each left out in turn
 * ({@link EmbeddingRouter#leaveOneOut()}), so it needs no labelled data beyond the examples and works with a few
 * per route.
 *
 * <p>The router decides when its best route leads the second-best by at least that route's margin; otherwise it
 * abstains and a fallback (the LLM classifier, or the default agent) decides. Deciding a held-out example scores 1
 * when right and 0 when wrong; abstaining scores {@code fallbackValue}, the chance that the fallback gets it right.
 * Each route's margin maximises that score over the examples predicted as that route, shrunk towards the margin that
 * is best for all routes together, as {@link ThresholdFitter} does for thresholds. So the router abstains where,
 * on its own examples, it was more often wrong than the fallback would be, and nowhere else.
 *
 * <p>Thresholds (the absolute floor) are not fitted here, since examples carry no out-of-scope requests: every route
 * gets {@link #DEFAULT_FLOOR} unless one was fitted from out-of-scope data with {@link ThresholdFitter}.
 *
 * @since 0.1
 */
public final class RouteCalibrator {

    /** Abstaining is worth as much as a coin flip: decide when the router is more likely right than wrong. */
    public static final double DEFAULT_FALLBACK_VALUE = 0.5;
    /** The global margin counts as this many observations when shrinking a route's own. */
    public static final double DEFAULT_PRIOR_STRENGTH = 20;
    /**
     * Below this similarity a request resembles none of the examples. bge-small-en-v1.5 scores unrelated short
     * sentences at 0.55 to 0.7, and requests phrased unlike any example at 0.6 to 0.75, so the floor sits under them:
     * with agents that cover everything (general takes the rest) the margin, not the floor, decides.
     */
    public static final double DEFAULT_FLOOR = 0.5;

    private final double fallbackValue;
    private final double priorStrength;
    private final double floor;

    private RouteCalibrator(Builder builder) {
        this.fallbackValue = builder.fallbackValue == null ? DEFAULT_FALLBACK_VALUE : builder.fallbackValue;
        this.priorStrength = builder.priorStrength == null ? DEFAULT_PRIOR_STRENGTH : builder.priorStrength;
        this.floor = builder.floor == null ? DEFAULT_FLOOR : builder.floor;
        if (!(fallbackValue >= 0 && fallbackValue <= 1)) {
            throw new IllegalArgumentException("fallbackValue must be within [0, 1], was " + fallbackValue);
        }
        if (!(priorStrength >= 0)) {
            throw new IllegalArgumentException("priorStrength must be >= 0, was " + priorStrength);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static RouteCalibrator standard() {
        return builder().build();
    }

    /**
     * One held-out example as the router saw it.
     *
     * @param expected  the route it belongs to
     * @param predicted the best-scoring route
     * @param score     that route's score
     * @param margin    its lead over the second-best route (infinite when there is none)
     */
    public record Observation(String expected, String predicted, double score, double margin) {

        public Observation {
            Ensure.notBlank(expected, "expected");
            Ensure.notBlank(predicted, "predicted");
        }

        public boolean correct() {
            return expected.equals(predicted);
        }
    }

    /**
     * What calibration found.
     *
     * @param globalMargin     the best single margin for all routes
     * @param margins          each route's margin; routes never predicted use {@code globalMargin}
     * @param floor            every route's threshold
     * @param observations     held-out examples used
     * @param topOneAccuracy   share of them whose best route was right
     * @param decided          share the router decided with these margins
     * @param decidedAccuracy  share right among those decided (NaN when none)
     * @param perRoute         per route: held-out examples, and the share of them routed right and decided
     */
    public record Calibration(double globalMargin, Map<String, Double> margins, double floor, int observations,
                              double topOneAccuracy, double decided, double decidedAccuracy, Map<String, RouteStats> perRoute) {

        public Calibration {
            margins = Map.copyOf(margins);
            perRoute = Map.copyOf(perRoute);
        }

        public double margin(String route) {
            return margins.getOrDefault(route, globalMargin);
        }

        public double threshold(String route) {
            return floor;
        }
    }

    /** @param recall share of the route's held-out examples routed to it and decided */
    public record RouteStats(int examples, double topOneAccuracy, double recall) {
    }

    /** Calibrates {@code router} on its examples: {@code calibrate(router.leaveOneOut())}. */
    public Calibration calibrate(EmbeddingRouter router) {
        return calibrate(router.leaveOneOut());
    }

    /** Throws {@link IllegalArgumentException} when there are no observations (no route has two examples). */
    public Calibration calibrate(List<Observation> observations) {
        if (observations.isEmpty()) {
            throw new IllegalArgumentException("Nothing to calibrate on: no route has two or more examples to leave one out of");
        }
        double global = best(observations);
        Map<String, List<Observation>> byRoute = new LinkedHashMap<>();
        for (Observation o : observations) {
            byRoute.computeIfAbsent(o.predicted(), k -> new ArrayList<>()).add(o);
        }
        Map<String, Double> margins = new LinkedHashMap<>();
        byRoute.forEach((route, obs) -> margins.put(route, (obs.size() * best(obs) + priorStrength * global) / (obs.size() + priorStrength)));
        int correct = 0, decided = 0, decidedCorrect = 0;
        Map<String, int[]> stats = new LinkedHashMap<>();
        for (Observation o : observations) {
            boolean decides = o.score() >= floor && o.margin() >= margins.getOrDefault(o.predicted(), global);
            int[] s = stats.computeIfAbsent(o.expected(), k -> new int[3]);
            s[0]++;
            if (o.correct()) {
                correct++;
                s[1]++;
                s[2] += decides ? 1 : 0;
            }
            if (decides) {
                decided++;
                decidedCorrect += o.correct() ? 1 : 0;
            }
        }
        Map<String, RouteStats> perRoute = new LinkedHashMap<>();
        stats.forEach((route, s) -> perRoute.put(route, new RouteStats(s[0], (double) s[1] / s[0], (double) s[2] / s[0])));
        int n = observations.size();
        return new Calibration(global, margins, floor, n, (double) correct / n, (double) decided / n,
                decided == 0 ? Double.NaN : (double) decidedCorrect / decided, perRoute);
    }

    /**
     * The margin with the best score: walking up the sorted margins, raising the margin past an observation
     * abstains on it, gaining {@code fallbackValue} and losing 1 if it was right. Among equal scores the lowest
     * margin wins, so the router abstains no more than it has to.
     */
    double best(List<Observation> observations) {
        List<Observation> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparingDouble(Observation::margin));
        double gain = 0;
        double bestGain = 0;
        double best = 0;
        for (int i = 0; i < sorted.size(); i++) {
            Observation o = sorted.get(i);
            gain += fallbackValue - (o.correct() ? 1 : 0);
            boolean boundary = i + 1 == sorted.size() || sorted.get(i + 1).margin() > o.margin();
            if (boundary && gain > bestGain + 1e-12 && i + 1 < sorted.size()) {
                bestGain = gain;
                best = (o.margin() + sorted.get(i + 1).margin()) / 2;
            }
        }
        return best;
    }

    public static final class Builder {
        private Double fallbackValue;
        private Double priorStrength;
        private Double floor;

        private Builder() {
        }

        /**
         * What abstaining is worth, from 0 to 1: the chance the fallback routes right. Higher values make the router
         * abstain more. Defaults to {@value #DEFAULT_FALLBACK_VALUE}.
         */
        public Builder fallbackValue(double fallbackValue) {
            this.fallbackValue = fallbackValue;
            return this;
        }

        /** See {@link ThresholdFitter.Builder#priorStrength}; defaults to {@value #DEFAULT_PRIOR_STRENGTH}. */
        public Builder priorStrength(double priorStrength) {
            this.priorStrength = priorStrength;
            return this;
        }

        /** Every route's threshold; defaults to {@value #DEFAULT_FLOOR}. */
        public Builder floor(double floor) {
            this.floor = floor;
            return this;
        }

        public RouteCalibrator build() {
            return new RouteCalibrator(this);
        }
    }
}
