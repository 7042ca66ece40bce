package dev.maestro.graph.checkpoint;

import dev.maestro.testkit.PostgresDatabase;
import org.bsc.langgraph4j.RunnableConfig;
import org.bsc.langgraph4j.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresCheckpointSaverIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    private static Checkpoint checkpoint(String node, Map<String, Object> state) {
        return Checkpoint.builder().nodeId(node).nextNodeId("next-" + node).state(state).build();
    }

    @Test
    void should_round_trip_json_state_and_return_newest_first() {
        // given
        PostgresCheckpointSaver saver = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).build();
        RunnableConfig config = RunnableConfig.builder().threadId("conv-1").build();

        // when
        RunnableConfig first = saver.put(config, checkpoint("a", Map.of("question", "q", "n", 1)));
        saver.put(config, checkpoint("b", Map.of("question", "q", "answer", "x", "list", List.of("p", "p"), "nested", Map.of("k", true))));

        // then
        Checkpoint last = saver.get(config).orElseThrow();
        assertThat(last.getNodeId()).isEqualTo("b");
        assertThat(last.getNextNodeId()).isEqualTo("next-b");
        assertThat(last.getState()).containsEntry("answer", "x").containsEntry("list", List.of("p", "p"))
                .containsEntry("nested", Map.of("k", true));
        assertThat(saver.list(config)).extracting(Checkpoint::getNodeId).containsExactly("b", "a");
        assertThat(saver.get(first).orElseThrow().getState()).containsEntry("n", 1);
        assertThat(saver.get(RunnableConfig.builder().threadId("other").build())).isEmpty();
    }

    @Test
    void should_keep_only_the_newest_checkpoints_per_thread() {
        // given
        PostgresCheckpointSaver saver = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).keepPerThread(3).build();
        RunnableConfig config = RunnableConfig.builder().threadId("conv-retention").build();
        RunnableConfig other = RunnableConfig.builder().threadId("conv-untouched").build();
        saver.put(other, checkpoint("o", Map.of()));

        // when
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            nodes.add("n" + i);
            saver.put(config, checkpoint("n" + i, Map.of("i", i)));
        }

        // then
        assertThat(saver.list(config)).extracting(Checkpoint::getNodeId).containsExactly("n9", "n8", "n7");
        assertThat(saver.list(other)).hasSize(1);
    }

    @Test
    void should_count_the_new_checkpoints_when_pruning_the_stored_ones() {
        // given: two stored checkpoints, and one thread's batch that goes with another thread's
        PostgresCheckpointSaver saver = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).keepPerThread(3).build();
        RunnableConfig config = RunnableConfig.builder().threadId("conv-prune-count").build();
        RunnableConfig other = RunnableConfig.builder().threadId("conv-prune-other").build();
        saver.put(config, checkpoint("a", Map.of()));
        saver.put(config, checkpoint("b", Map.of()));
        saver.flush("conv-prune-count");

        // when
        saver.put(config, checkpoint("c", Map.of()));
        saver.put(other, checkpoint("x", Map.of()));
        saver.put(config, checkpoint("d", Map.of()));
        saver.flush("conv-prune-count");
        saver.flush("conv-prune-other");

        // then
        assertThat(saver.list(config)).extracting(Checkpoint::getNodeId).containsExactly("d", "c", "b");
        assertThat(saver.list(other)).extracting(Checkpoint::getNodeId).containsExactly("x");
    }

    @Test
    void should_replace_a_named_checkpoint_and_fail_clearly_for_an_unknown_one() {
        PostgresCheckpointSaver saver = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).build();
        RunnableConfig config = RunnableConfig.builder().threadId("conv-replace").build();
        RunnableConfig saved = saver.put(config, checkpoint("a", Map.of("v", "old")));

        saver.put(saved, checkpoint("a", Map.of("v", "new")));

        assertThat(saver.list(config)).hasSize(1);
        assertThat(saver.get(config).orElseThrow().getState()).containsEntry("v", "new");
        RunnableConfig unknown = RunnableConfig.builder().threadId("conv-replace").checkPointId("nope").build();
        assertThatThrownBy(() -> saver.put(unknown, checkpoint("a", Map.of())))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("nope").hasMessageContaining("conv-replace");
    }

    @Test
    void should_release_a_thread() {
        PostgresCheckpointSaver saver = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).build();
        RunnableConfig config = RunnableConfig.builder().threadId("conv-release").build();
        saver.put(config, checkpoint("a", Map.of()));

        var tag = saver.release(config);

        assertThat(tag.checkpoints()).hasSize(1);
        assertThat(saver.list(config)).isEmpty();
    }

    @Test
    void should_show_queued_checkpoints_to_another_process_once_flushed() {
        // given
        PostgresCheckpointSaver writer = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).build();
        PostgresCheckpointSaver reader = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).build();
        RunnableConfig config = RunnableConfig.builder().threadId("conv-write-behind").build();

        // when
        for (int i = 0; i < 5; i++) {
            writer.put(config, checkpoint("n" + i, Map.of("i", i)));
        }
        writer.flush("conv-write-behind");

        // then
        assertThat(reader.list(config)).extracting(Checkpoint::getNodeId).containsExactly("n4", "n3", "n2", "n1", "n0");
    }

    @Test
    void should_store_checkpoints_nobody_flushes_once_they_have_gathered() throws InterruptedException {
        // given
        PostgresCheckpointSaver writer = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).build();
        PostgresCheckpointSaver reader = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).build();
        RunnableConfig config = RunnableConfig.builder().threadId("conv-unflushed").build();

        // when: checkpoints are put and never flushed (a long turn between nodes)
        writer.put(config, checkpoint("n0", Map.of()));
        writer.put(config, checkpoint("n1", Map.of()));

        // then: another process sees them soon after the gathering time, without anyone flushing
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (reader.list(config).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(PostgresCheckpointSaver.GATHER_MS);
        }
        assertThat(reader.list(config)).extracting(Checkpoint::getNodeId).containsExactly("n1", "n0");
    }

    @Test
    void should_trust_its_own_writes_only_while_the_thread_is_pinned() {
        // given: this process holds the conversation and has written its newest checkpoint
        PostgresCheckpointSaver mine = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).build();
        PostgresCheckpointSaver other = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).build();
        RunnableConfig config = RunnableConfig.builder().threadId("conv-pinned").build();
        mine.pin("conv-pinned");
        assertThat(mine.get(config)).isEmpty();
        mine.put(config, checkpoint("mine", Map.of("v", 1)));
        mine.flush("conv-pinned");

        // when: a checkpoint appears behind its back (only possible when the conversation lock is not honoured)
        other.put(config, checkpoint("other", Map.of("v", 2)));
        other.flush("conv-pinned");

        // then: pinned, it answers from its own writes, each time with a fresh copy; unpinned, from the database
        Checkpoint pinned = mine.get(config).orElseThrow();
        assertThat(pinned.getNodeId()).isEqualTo("mine");
        pinned.getState().clear();
        assertThat(mine.get(config).orElseThrow().getState()).containsEntry("v", 1);
        mine.unpin("conv-pinned");
        assertThat(mine.get(config).orElseThrow().getNodeId()).isEqualTo("other");
    }

    @Test
    void should_report_a_failed_background_write_when_flushed() {
        // given: two checkpoints with the same id break the unique constraint in the writer's transaction
        PostgresCheckpointSaver saver = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).build();
        RunnableConfig config = RunnableConfig.builder().threadId("conv-broken").build();
        Checkpoint once = checkpoint("a", Map.of());
        saver.put(config, once);
        saver.flush("conv-broken");

        // when
        saver.put(config, once);

        // then
        assertThatThrownBy(() -> saver.flush("conv-broken")).isInstanceOf(dev.maestro.core.DatabaseException.class)
                .hasMessageContaining("Cannot save 1 checkpoints of threads [conv-broken]");
        assertThat(saver.list(config)).hasSize(1);
    }
}
