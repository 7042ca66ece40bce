package dev.maestro.prompts.experiments;

import dev.maestro.prompts.Prompt;
import dev.maestro.prompts.PromptLibrary;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresExperimentStoreIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    private static Experiment experiment(String id) {
        return new Experiment(id, SimulatedUsers.PROMPT, List.of(1, 2), 0.1, 0.95, 30);
    }

    @Test
    void should_keep_a_conversation_on_its_arm_across_instances() {
        Experiment e = experiment("sticky");
        // two instances with different seeds share one database
        PromptExperiments one = new PromptExperiments(List.of(e), PromptLibrary.standard(), new PostgresExperimentStore(db.dataSource()), new ThompsonSampler(1));
        PromptExperiments two = new PromptExperiments(List.of(e), PromptLibrary.standard(), new PostgresExperimentStore(db.dataSource()), new ThompsonSampler(2));
        Set<Integer> firstArms = new HashSet<>();
        for (int c = 0; c < 20; c++) {
            Prompt first = one.choose(SimulatedUsers.PROMPT, "c" + c);
            firstArms.add(first.version());
            for (int turn = 0; turn < 5; turn++) {
                assertThat((turn % 2 == 0 ? two : one).choose(SimulatedUsers.PROMPT, "c" + c).version()).isEqualTo(first.version());
            }
        }
        assertThat(firstArms).containsExactlyInAnyOrder(1, 2); // conversations do get both arms
        List<ArmStats> stats = new PostgresExperimentStore(db.dataSource()).stats(e);
        assertThat(stats.get(0).turns() + stats.get(1).turns()).isEqualTo(20 * 6);
    }

    @Test
    void should_count_a_vote_on_the_arm_that_answered_and_replace_a_changed_vote() {
        Experiment e = experiment("votes");
        PostgresExperimentStore store = new PostgresExperimentStore(db.dataSource());
        PromptExperiments experiments = new PromptExperiments(List.of(e), PromptLibrary.standard(), store, new ThompsonSampler(3));

        assertThat(experiments.recordVote("test.greeting@v2", "run-1", true)).isTrue();
        assertThat(experiments.recordVote("test.greeting@v2", "run-2", true)).isTrue();
        assertThat(experiments.recordVote("test.greeting@v2", "run-2", false)).isTrue(); // changed its mind
        assertThat(experiments.recordVote("test.greeting@v1", "run-3", false)).isTrue();
        assertThat(experiments.recordVote("test.greeting@v7", "run-4", true)).isFalse(); // not an arm
        assertThat(experiments.recordVote("general.system@v1", "run-5", true)).isFalse(); // no experiment

        assertThat(store.stats(e)).containsExactly(new ArmStats(1, 0, 1, 0), new ArmStats(2, 1, 1, 0));
    }

    @Test
    void should_declare_the_winner_once_and_then_give_it_every_turn() {
        Experiment e = experiment("winner");
        PostgresExperimentStore store = new PostgresExperimentStore(db.dataSource());
        PromptExperiments experiments = new PromptExperiments(List.of(e), PromptLibrary.standard(), store, new ThompsonSampler(4));
        String stuckOnOne = "";
        for (int c = 0; stuckOnOne.isEmpty(); c++) {
            if (experiments.choose(SimulatedUsers.PROMPT, "w" + c).version() == 1) {
                stuckOnOne = "w" + c;
            }
        }
        for (int i = 0; i < 30; i++) {
            experiments.recordVote("test.greeting@v1", "down-" + i, false);
            assertThat(store.winner(e.id())).isEmpty();
            experiments.recordVote("test.greeting@v2", "up-" + i, true);
        }

        assertThat(store.winner(e.id())).hasValue(2);
        store.declareWinner(e.id(), 1, 0.99); // a late instance cannot overturn it
        assertThat(store.winner(e.id())).hasValue(2);
        assertThat(experiments.choose(SimulatedUsers.PROMPT, stuckOnOne).version()).isEqualTo(2);
        ExperimentSummary summary = experiments.summary(e);
        assertThat(summary.winner()).hasValue(2);
        assertThat(summary.arms().get(1).probabilityBest()).isEqualTo(1.0);
    }
}
