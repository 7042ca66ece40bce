package dev.maestro.rag.adaptive;

import dev.maestro.rag.Feedback;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyUpdaterTest {

    private static double[] x(boolean identifier) {
        double[] x = new double[QueryFeatures.dimension()];
        x[0] = 1;
        x[QueryFeatures.NAMES.indexOf("identifier")] = identifier ? 1 : 0;
        return x;
    }

    private static Feedback event(boolean identifier, String strategy, double reward) {
        return new Feedback("q", x(identifier), strategy, List.of(1L), List.of(), reward);
    }

    @Test
    void should_train_from_feedback_and_replay_only_matching_events() {
        // given: keyword wins on identifier queries, dense elsewhere
        List<Feedback> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(event(true, "keyword", 1));
            events.add(event(true, "dense", 0));
            events.add(event(false, "keyword", 0.2));
            events.add(event(false, "dense", 0.9));
        }

        // when
        ThompsonBandit policy = PolicyUpdater.train(List.of("keyword", "dense"), events);
        PolicyUpdater.Replay replay = PolicyUpdater.replay(policy, events);

        // then: it picks the winner per context, so replay sees only winning events
        assertThat(policy.best(x(true))).isEqualTo("keyword");
        assertThat(policy.best(x(false))).isEqualTo("dense");
        assertThat(replay.matched()).isEqualTo(40);
        assertThat(replay.meanReward()).isEqualTo(0.95, org.assertj.core.api.Assertions.within(1e-9));
    }
}
