package dev.maestro.prompts.experiments;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ThompsonSamplingSimulationTest {

    /** The defaults: min-share 0.1, winner-at 0.99, min-votes 100, min-lift 0.05. */
    private static final Experiment TWO = new Experiment("greeting-tone", SimulatedUsers.PROMPT, List.of(1, 2), Experiment.DEFAULT_MIN_SHARE,
            Experiment.DEFAULT_WINNER_AT, Experiment.DEFAULT_MIN_VOTES, Experiment.DEFAULT_MIN_LIFT);

    @Test
    void should_send_most_traffic_to_the_better_arm_and_declare_it() {
        SimulatedUsers.Outcome outcome = SimulatedUsers.run(TWO, Map.of(1, 0.3, 2, 0.6), 2000, 42);

        assertThat(outcome.winner()).hasValue(2);
        assertThat(outcome.share(2)).isGreaterThan(0.8);
        assertThat(outcome.declaredAtTurn()).isBetween(200, 1500);
        ExperimentSummary.Arm better = outcome.summary().arms().get(1);
        assertThat(better.mean()).isCloseTo(0.6, within(0.05));
        assertThat(better.low()).isLessThan(better.mean());
        assertThat(better.high()).isGreaterThan(better.mean());
        assertThat(better.probabilityBest()).isGreaterThan(0.99);
    }

    @Test
    void should_declare_nothing_on_a_tie() {
        SimulatedUsers.Outcome outcome = SimulatedUsers.run(TWO, Map.of(1, 0.5, 2, 0.5), 2000, 42);

        assertThat(outcome.winner()).isEmpty();
        assertThat(outcome.declaredAtTurn()).isEqualTo(-1);
        for (ExperimentSummary.Arm arm : outcome.summary().arms()) {
            assertThat(arm.mean()).isCloseTo(0.5, within(0.08));
            assertThat(arm.probabilityBest()).isBetween(0.05, 0.95);
            assertThat(arm.share()).isGreaterThanOrEqualTo(0.05); // the minimum share keeps both arms in play
        }
    }

    @Test
    void should_keep_the_minimum_share_for_a_clearly_worse_arm_until_the_winner_is_declared() {
        Experiment noStop = new Experiment("greeting-3", SimulatedUsers.PROMPT, List.of(1, 2, 3), 0.1, 0.95, 100_000);
        SimulatedUsers.Outcome outcome = SimulatedUsers.run(noStop, Map.of(1, 0.2, 2, 0.4, 3, 0.7), 1500, 7);

        assertThat(outcome.share(3)).isGreaterThan(0.6);
        // with 3 arms and min-share 0.1, each arm is picked uniformly on 30 % of turns: at least 10 % each
        assertThat(outcome.share(1)).isGreaterThan(0.08);
        assertThat(outcome.share(2)).isGreaterThan(0.08);
    }
}
