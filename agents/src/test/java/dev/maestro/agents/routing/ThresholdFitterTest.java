package dev.maestro.agents.routing;

import dev.maestro.agents.routing.ThresholdFitter.Observation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ThresholdFitterTest {

    private static Observation correct(String route, double score) {
        return new Observation(route, score, true, false);
    }

    private static Observation wrong(String route, double score) {
        return new Observation(route, score, false, false);
    }

    private static Observation oos(String route, double score) {
        return new Observation(route, score, false, true);
    }

    @Test
    void should_put_the_global_threshold_between_separable_in_scope_and_out_of_scope_scores() {
        // given: in-scope at 0.80..0.90, out of scope at 0.50..0.60
        List<Observation> obs = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            obs.add(correct("a", 0.80 + i * 0.01));
            obs.add(oos("a", 0.50 + i * 0.01));
        }

        // when
        ThresholdFitter.Fitted fitted = ThresholdFitter.builder().oosWeight(1).build().fit(obs);

        // then: midway between the highest out-of-scope score and the lowest in-scope one; a perfect objective
        assertThat(fitted.global()).isCloseTo(0.70, within(1e-9));
        assertThat(fitted.objective()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void should_trade_out_of_scope_recall_for_accuracy_by_the_weight() {
        // given: overlapping scores; raising the threshold from 0.65 to 0.75 rejects 1 of 4 correct and 3 more of 4 out-of-scope
        List<Observation> obs = List.of(correct("a", 0.70), correct("a", 0.80), correct("a", 0.85), correct("a", 0.90),
                oos("a", 0.60), oos("a", 0.72), oos("a", 0.73), oos("a", 0.74));

        // when
        double lenient = ThresholdFitter.builder().oosWeight(0.1).priorStrength(1e9).build().fit(obs).global();
        double strict = ThresholdFitter.builder().oosWeight(1).priorStrength(1e9).build().fit(obs).global();

        // then
        assertThat(lenient).isCloseTo(0.65, within(1e-9));
        assertThat(strict).isCloseTo(0.77, within(1e-9));
    }

    @Test
    void should_ignore_wrong_in_scope_predictions_and_prefer_the_higher_of_equal_thresholds() {
        // given: a wrong prediction at 0.5 costs nothing to reject; the correct ones start at 0.8
        List<Observation> obs = List.of(wrong("a", 0.5), correct("a", 0.8), correct("a", 0.9));

        // when
        double t = ThresholdFitter.best(obs, 0.5, 0.0);

        // then: rejecting the wrong one is free, so the threshold rises past it, midway to the first correct score
        assertThat(t).isCloseTo(0.65, within(1e-9));
    }

    @Test
    void should_shrink_each_route_towards_the_global_threshold() {
        // given: route "a" is clean (scores 0.9); route "b" has out-of-scope traffic up to 0.8
        List<Observation> obs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            obs.add(correct("a", 0.90));
            obs.add(correct("b", 0.85 + i * 0.001));
        }
        obs.add(oos("b", 0.80));
        obs.add(oos("b", 0.79));

        // when
        ThresholdFitter.Fitted raw = ThresholdFitter.builder().oosWeight(1).priorStrength(0).build().fit(obs);
        ThresholdFitter.Fitted shrunk = ThresholdFitter.builder().oosWeight(1).priorStrength(10).build().fit(obs);

        // then: raw per-route optima, then halfway (10 observations each) to the global threshold
        double global = shrunk.global();
        assertThat(raw.threshold("b")).isCloseTo(0.825, within(1e-9));
        assertThat(shrunk.threshold("a")).isCloseTo((10 * raw.threshold("a") + 10 * global) / 20, within(1e-9));
        assertThat(shrunk.threshold("b")).isCloseTo((12 * 0.825 + 10 * global) / 22, within(1e-9));
        assertThat(shrunk.threshold("never-predicted")).isEqualTo(global);
    }

    @Test
    void should_reject_empty_input_and_impossible_observations() {
        assertThatThrownBy(() -> ThresholdFitter.standard().fit(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("observations");
        assertThatThrownBy(() -> new Observation("a", 0.5, true, true)).hasMessageContaining("cannot be correct");
        assertThatThrownBy(() -> ThresholdFitter.builder().oosWeight(-1).build()).hasMessageContaining("oosWeight must be >= 0, was -1");
    }
}
