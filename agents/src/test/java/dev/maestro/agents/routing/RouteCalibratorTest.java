package dev.maestro.agents.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RouteCalibratorTest {

    private static RouteCalibrator.Observation right(String route, double margin) {
        return new RouteCalibrator.Observation(route, route, 0.8, margin);
    }

    private static RouteCalibrator.Observation wrong(String expected, String predicted, double margin) {
        return new RouteCalibrator.Observation(expected, predicted, 0.8, margin);
    }

    @Test
    void should_put_the_margin_above_the_close_calls_that_were_mostly_wrong() {
        // given three wrong calls at margins 0.01-0.03, one right one at 0.02, and right ones from 0.05 up
        List<RouteCalibrator.Observation> obs = List.of(wrong("a", "b", 0.01), right("b", 0.02), wrong("a", "b", 0.03),
                wrong("a", "b", 0.035), right("b", 0.05), right("b", 0.08), right("b", 0.10));

        // when
        double margin = RouteCalibrator.builder().priorStrength(0).build().best(obs);

        // then abstaining below 0.0425 gains 4 × 0.5 and loses 1: the cut is midway between 0.035 and 0.05
        assertThat(margin).isCloseTo(0.0425, within(1e-9));
    }

    @Test
    void should_not_abstain_when_the_close_calls_were_right_more_often_than_the_fallback() {
        // given close calls that are right twice out of three
        List<RouteCalibrator.Observation> obs = List.of(right("b", 0.01), wrong("a", "b", 0.02), right("b", 0.03), right("b", 0.2));

        // when
        double margin = RouteCalibrator.builder().priorStrength(0).build().best(obs);

        // then
        assertThat(margin).isZero();
    }

    @Test
    void should_abstain_more_when_the_fallback_is_worth_more() {
        // given the same close calls, right twice out of three
        List<RouteCalibrator.Observation> obs = List.of(right("b", 0.01), wrong("a", "b", 0.02), right("b", 0.03), right("b", 0.2));

        // when the fallback is right 90 % of the time
        double margin = RouteCalibrator.builder().priorStrength(0).fallbackValue(0.9).build().best(obs);

        // then it abstains on the wrong call and on the right one below it (0.9 + 0.9 - 1 > 0), not on the one above
        assertThat(margin).isCloseTo((0.02 + 0.03) / 2, within(1e-9));
    }

    @Test
    void should_shrink_each_routes_margin_towards_the_global_one_and_report_the_held_out_figures() {
        // given route "b" is predicted 10 times, with 4 wrong close calls; route "c" 10 times, always right
        List<RouteCalibrator.Observation> obs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            obs.add(wrong("c", "b", 0.01 + i * 0.001));
        }
        for (int i = 0; i < 6; i++) {
            obs.add(right("b", 0.1 + i * 0.01));
        }
        for (int i = 0; i < 10; i++) {
            obs.add(right("c", 0.0005 + i * 0.0005));
        }

        // when
        RouteCalibrator.Calibration c = RouteCalibrator.builder().priorStrength(10).build().calibrate(obs);

        // then b's own optimum is 0.0565 (between 0.013 and 0.1) and c's is 0; together, abstaining on b's four
        // wrong calls would cost c's ten right ones, so the global margin is 0 too
        assertThat(c.globalMargin()).isZero();
        assertThat(c.margin("b")).isCloseTo((10 * 0.0565 + 10 * 0) / 20.0, within(1e-9));
        assertThat(c.margin("c")).isZero();
        assertThat(c.margin("unseen")).isZero();
        assertThat(c.threshold("b")).isEqualTo(RouteCalibrator.DEFAULT_FLOOR);
        assertThat(c.observations()).isEqualTo(20);
        assertThat(c.topOneAccuracy()).isCloseTo(16 / 20.0, within(1e-9));
        assertThat(c.perRoute().get("c").examples()).isEqualTo(14);
        assertThat(c.perRoute().get("c").topOneAccuracy()).isCloseTo(10 / 14.0, within(1e-9));
        assertThat(c.perRoute().get("b").recall()).isEqualTo(1.0);
        assertThat(c.decided()).isCloseTo(16 / 20.0, within(1e-9));
        assertThat(c.decidedAccuracy()).isEqualTo(1.0);
    }

    @Test
    void should_refuse_to_calibrate_without_observations() {
        assertThatThrownBy(() -> RouteCalibrator.standard().calibrate(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no route has two or more examples");
        assertThatThrownBy(() -> RouteCalibrator.builder().fallbackValue(1.5).build())
                .hasMessage("fallbackValue must be within [0, 1], was 1.5");
    }
}
