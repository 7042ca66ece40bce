package dev.maestro.rag.adaptive;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ThompsonBanditTest {

    private static final double[] SHORT = {1, 0};
    private static final double[] LONG = {1, 1};

    @Test
    void should_learn_a_different_best_arm_per_context() {
        // given: keyword pays on short queries, dense on long ones
        ThompsonBandit bandit = ThompsonBandit.create(List.of("keyword", "dense"), 2);
        Random random = new Random(1);

        // when
        for (int i = 0; i < 400; i++) {
            double[] x = i % 2 == 0 ? SHORT : LONG;
            String arm = bandit.choose(x, random);
            boolean good = (x == SHORT) == arm.equals("keyword");
            bandit.update(arm, x, good ? (random.nextDouble() < 0.8 ? 1 : 0) : (random.nextDouble() < 0.3 ? 1 : 0));
        }

        // then
        assertThat(bandit.best(SHORT)).isEqualTo("keyword");
        assertThat(bandit.best(LONG)).isEqualTo("dense");
        assertThat(bandit.pulls().get("keyword") + bandit.pulls().get("dense")).isEqualTo(400);
    }

    @Test
    void should_explore_every_arm_before_it_has_evidence() {
        // given
        ThompsonBandit bandit = ThompsonBandit.create(List.of("a", "b", "c"), 2);
        Random random = new Random(3);

        // when
        java.util.Set<String> chosen = new java.util.HashSet<>();
        for (int i = 0; i < 60; i++) {
            chosen.add(bandit.choose(SHORT, random));
        }

        // then
        assertThat(chosen).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void should_ignore_the_context_when_context_free() {
        // given
        ThompsonBandit bandit = ThompsonBandit.contextFree(List.of("keyword", "dense"), 2);

        // when: keyword wins on short queries only, dense wins more often overall
        for (int i = 0; i < 50; i++) {
            bandit.update("keyword", SHORT, 1);
            bandit.update("dense", SHORT, 0);
            bandit.update("keyword", LONG, 0);
            bandit.update("dense", LONG, 1);
            bandit.update("dense", LONG, 1);
        }

        // then: one choice for every context
        assertThat(bandit.best(SHORT)).isEqualTo("dense");
        assertThat(bandit.best(LONG)).isEqualTo("dense");
        assertThat(ThompsonBandit.fromJson(bandit.toJson()).contextual()).isFalse();
    }

    @Test
    void should_survive_a_json_round_trip() {
        // given
        ThompsonBandit bandit = ThompsonBandit.create(List.of("keyword", "dense"), 2);
        bandit.update("dense", LONG, 1);
        bandit.update("keyword", SHORT, 0.5);

        // when
        ThompsonBandit copy = ThompsonBandit.fromJson(bandit.toJson());

        // then
        assertThat(copy.expected("dense", LONG)).isEqualTo(bandit.expected("dense", LONG));
        assertThat(copy.pulls()).isEqualTo(bandit.pulls());
        assertThat(copy.arms()).containsExactly("keyword", "dense");
    }
}
