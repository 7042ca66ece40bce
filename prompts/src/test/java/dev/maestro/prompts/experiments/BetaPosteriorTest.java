package dev.maestro.prompts.experiments;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BetaPosteriorTest {

    @Test
    void should_give_the_mean_and_the_95_percent_interval_of_the_posterior() {
        BetaPosterior p = BetaPosterior.of(new ArmStats(1, 7, 3, 10)); // Beta(8, 4)

        assertThat(p.mean()).isCloseTo(8.0 / 12, within(1e-12));
        double[] ci = p.interval(0.95);
        // qbeta(c(0.025, 0.975), 8, 4) = 0.3902, 0.8907
        assertThat(ci[0]).isCloseTo(0.3902, within(1e-3));
        assertThat(ci[1]).isCloseTo(0.8907, within(1e-3));
    }

    @Test
    void should_give_even_odds_to_equal_arms_and_near_certainty_to_a_far_better_one() {
        double[] even = ProbabilityBest.of(List.of(new ArmStats(1, 20, 20, 40), new ArmStats(2, 20, 20, 40)));
        double[] far = ProbabilityBest.of(List.of(new ArmStats(1, 10, 90, 100), new ArmStats(2, 60, 40, 100)));

        assertThat(even[0]).isCloseTo(0.5, within(0.02));
        assertThat(even[0] + even[1]).isCloseTo(1, within(1e-9));
        assertThat(far[1]).isGreaterThan(0.999);
    }

    @Test
    void should_wait_for_the_minimum_votes_before_declaring() {
        Experiment e = new Experiment("x", "p", List.of(1, 2), 0.1, 0.95, 30);
        List<ArmStats> clearButFew = List.of(new ArmStats(1, 0, 29, 29), new ArmStats(2, 29, 0, 29));
        List<ArmStats> clearAndEnough = List.of(new ArmStats(1, 0, 30, 30), new ArmStats(2, 30, 0, 30));

        assertThat(StopRule.winner(e, clearButFew)).isEmpty();
        assertThat(StopRule.winner(e, clearAndEnough)).hasValue(2);
    }

    @Test
    void should_reject_a_min_share_that_leaves_no_room_for_sampling() {
        assertThatThrownBy(() -> new Experiment("x", "p", List.of(1, 2, 3), 0.4, 0.95, 30))
                .hasMessageContaining("min-share must be between 0 and 1/3");
        assertThatThrownBy(() -> new Experiment("x", "p", List.of(1, 1), 0.1, 0.95, 30))
                .hasMessageContaining("two or more distinct versions");
    }
}
