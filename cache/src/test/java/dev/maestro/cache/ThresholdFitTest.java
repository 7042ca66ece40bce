package dev.maestro.cache;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ThresholdFitTest {

    /** Observations drawn from P(correct | s) = sigmoid(gamma (s - t)). */
    static List<Observation> drawn(double t, double gamma, int n, long seed) {
        Random r = new Random(seed);
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double s = 0.6 + 0.4 * r.nextDouble();
            out.add(new Observation(s, r.nextDouble() < ThresholdFit.sigmoid(gamma * (s - t))));
        }
        return out;
    }

    @Test
    void recovers_the_threshold_of_the_sigmoid_that_made_the_observations() {
        ThresholdFit fit = ThresholdFit.of(drawn(0.85, 40, 2_000, 1)).orElseThrow();

        assertThat(fit.threshold()).isCloseTo(0.85, within(0.01));
        assertThat(fit.gamma()).isCloseTo(40, within(8.0));
        assertThat(fit.variance()).isLessThan(1e-4);
    }

    @Test
    void few_observations_leave_a_wide_variance_and_more_narrow_it() {
        double few = ThresholdFit.of(drawn(0.85, 40, 20, 2)).orElseThrow().variance();
        double many = ThresholdFit.of(drawn(0.85, 40, 500, 2)).orElseThrow().variance();

        assertThat(few).isGreaterThan(10 * many);
    }

    @Test
    void perfectly_separated_observations_still_give_a_finite_boundary_between_them() {
        List<Observation> separated = List.of(new Observation(0.70, false), new Observation(0.75, false), new Observation(0.80, false),
                new Observation(0.90, true), new Observation(0.93, true), new Observation(0.97, true));

        ThresholdFit fit = ThresholdFit.of(separated).orElseThrow();

        assertThat(fit.threshold()).isBetween(0.80, 0.90);
        assertThat(fit.variance()).isFinite().isPositive();
    }

    @Test
    void one_outcome_only_has_no_boundary_unless_the_pooled_prior_supplies_the_other() {
        List<Observation> allRight = List.of(new Observation(0.9, true), new Observation(0.95, true), new Observation(0.92, true));

        assertThat(ThresholdFit.of(allRight)).isEmpty();
        ThresholdFit withPrior = ThresholdFit.of(allRight, drawn(0.85, 40, 300, 3), 6).orElseThrow();
        assertThat(withPrior.threshold()).isBetween(0.7, 0.9);
    }
}
