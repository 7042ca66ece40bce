package dev.maestro.cache;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both reuse policies on a stream whose truth is known: every request's nearest entry is correct with probability
 * sigmoid(40 (s - 0.85)), and each policy sees the evidence its explorations would have gathered.
 */
class PolicyTest {

    private static final double T = 0.85;
    private static final double GAMMA = 40;

    private record Outcome(int hits, int errors, int requests) {
        double hitRate() {
            return (double) hits / requests;
        }

        double errorRate() {
            return (double) errors / requests;
        }
    }

    private static Outcome replay(ReusePolicy policy, int n, long seed) {
        Random world = new Random(seed);
        SplittableRandom draws = new SplittableRandom(seed);
        java.util.ArrayList<Observation> evidence = new java.util.ArrayList<>();
        int hits = 0;
        int errors = 0;
        for (int i = 0; i < n; i++) {
            double s = 0.6 + 0.4 * world.nextDouble();
            boolean right = world.nextDouble() < ThresholdFit.sigmoid(GAMMA * (s - T));
            List<Observation> pooled = evidence.subList(Math.max(0, evidence.size() - 1000), evidence.size());
            ReusePolicy.Decision d = policy.decide(s, List.of(), List.copyOf(pooled), draws);
            if (d.reuse()) {
                hits++;
                errors += right ? 0 : 1;
            } else {
                evidence.add(new Observation(s, right));
            }
        }
        return new Outcome(hits, errors, n);
    }

    @Test
    void the_verified_rule_keeps_the_error_rate_within_delta() {
        Outcome o = replay(new VerifiedPolicy(0.02, 2.0), 20_000, 7);

        assertThat(o.errorRate()).isLessThanOrEqualTo(0.02);
        assertThat(o.hitRate()).isGreaterThan(0.03);
    }

    @Test
    void the_budgeted_policy_keeps_the_bound_and_reuses_more_than_the_verified_rule() {
        Outcome verified = replay(new VerifiedPolicy(0.02, 2.0), 20_000, 7);
        Outcome budgeted = replay(new BudgetedPolicy(0.02, 2.0), 20_000, 7);

        assertThat(budgeted.errorRate()).isLessThanOrEqualTo(0.02);
        assertThat(budgeted.hitRate()).isGreaterThan(verified.hitRate());
    }

    @Test
    void a_tighter_bound_makes_fewer_errors() {
        Outcome loose = replay(new BudgetedPolicy(0.05, 2.0), 20_000, 9);
        Outcome tight = replay(new BudgetedPolicy(0.01, 2.0), 20_000, 9);

        assertThat(tight.errorRate()).isLessThan(loose.errorRate()).isLessThanOrEqualTo(0.01);
        assertThat(loose.errorRate()).isLessThanOrEqualTo(0.05);
    }

    @Test
    void without_evidence_the_static_fallback_decides() {
        VerifiedPolicy policy = new VerifiedPolicy(0.02, 0.97);

        assertThat(policy.decide(0.98, List.of(), List.of(), new SplittableRandom(1)).reuse()).isTrue();
        assertThat(policy.decide(0.96, List.of(), List.of(), new SplittableRandom(1)).reuse()).isFalse();
        assertThat(policy.decide(0.96, List.of(), List.of(), new SplittableRandom(1)).basis()).isEqualTo(ReusePolicy.Basis.FALLBACK);
    }

    @Test
    void the_exploration_probability_falls_as_the_similarity_rises_above_the_learned_threshold() {
        VerifiedPolicy policy = new VerifiedPolicy(0.02, 2.0);
        ThresholdFit fit = ThresholdFit.of(ThresholdFitTest.drawn(T, GAMMA, 1_000, 3)).orElseThrow();

        assertThat(policy.tau(0.80, fit)).isGreaterThan(policy.tau(0.90, fit));
        assertThat(policy.tau(0.90, fit)).isGreaterThan(policy.tau(0.99, fit));
        assertThat(policy.tau(0.99, fit)).isLessThanOrEqualTo(0.0);
    }
}
