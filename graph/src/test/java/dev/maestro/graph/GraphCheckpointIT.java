package dev.maestro.graph;

import dev.maestro.core.db.Database;
import dev.maestro.graph.checkpoint.PostgresCheckpointSaver;
import dev.maestro.graph.checkpoint.PostgresConversationLock;
import dev.maestro.testkit.PostgresDatabase;
import org.bsc.langgraph4j.RunnableConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkpoints in PostgreSQL: resume after a crash, retention, and two "processes" sharing one database. */
class GraphCheckpointIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    private static PostgresCheckpointSaver saver(int keep) {
        return PostgresCheckpointSaver.builder().dataSource(db.dataSource()).keepPerThread(keep).build();
    }

    @Test
    void should_finish_a_turn_cut_off_by_a_crash_on_the_next_request() throws Exception {
        // given: process A classifies the first question, then dies inside the agent (its lock dies with it)
        CountDownLatch agentEntered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        FakeAgent dying = new FakeAgent("general", r -> {
            agentEntered.countDown();
            try {
                never.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("process A is gone");
        });
        MaestroGraph processA = MaestroGraph.builder().agent(dying).checkpointSaver(saver(20))
                .conversationLock(id -> () -> { }).build();
        Thread a = new Thread(() -> {
            try {
                processA.run("crash-1", "first question", RunListener.NONE);
            } catch (RuntimeException expected) {
                // the "dead" process never gets to report
            }
        });
        a.setDaemon(true);
        a.start();
        assertThat(agentEntered.await(20, TimeUnit.SECONDS)).isTrue();

        // when: process B gets the next request on that conversation
        FakeAgent healthy = new FakeAgent("general", r -> "answer to " + r.question());
        List<RunEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunResult second;
        try (MaestroGraph processB = MaestroGraph.builder().agent(healthy).checkpointSaver(saver(20))
                .conversationLock(new PostgresConversationLock(db.dataSource())).build()) {
            second = processB.run("crash-1", "second question", events::add);
        }

        // then: B first finished A's turn from its checkpoint (without classifying it again), then answered
        assertThat(healthy.requests).extracting(r -> r.question()).containsExactly("first question", "second question");
        assertThat(second.answer()).isEqualTo("answer to second question");
        RunEvent resumed = events.stream().filter(e -> e.type() == RunEvent.Type.RESUMED).findFirst().orElseThrow();
        assertThat(resumed.data()).containsEntry("question", "first question").containsEntry("next", "general");
        long classifiesBeforeSecondTurn = events.stream().takeWhile(e -> e.type() != RunEvent.Type.RUN_STARTED)
                .filter(e -> e.type() == RunEvent.Type.NODE_STARTED && e.node().equals("classify")).count();
        assertThat(classifiesBeforeSecondTurn).isZero();
        never.countDown();
        processA.close();
    }

    @Test
    void should_store_the_turn_and_its_last_checkpoint_before_run_returns() throws Exception {
        // given: a memory that records how the graph asks it to keep the turn
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        TurnMemory memory = new TurnMemory() {
            @Override
            public String recall(String conversationId, String question) {
                return "";
            }

            @Override
            public void remember(String conversationId, String question, String answer) {
                calls.add("remember " + question);
            }

            @Override
            public void rememberBeforeCheckpoint(String conversationId, String question, String answer, javax.sql.DataSource checkpoints) {
                calls.add((checkpoints == db.dataSource() ? "before checkpoint in this database " : "elsewhere ") + question);
            }
        };
        FakeAgent agent = new FakeAgent("general", r -> "answer to " + r.question());

        // when
        try (MaestroGraph postgres = MaestroGraph.builder().agent(agent).memory(memory).checkpointSaver(saver(20)).build();
             MaestroGraph inMemory = MaestroGraph.builder().agent(agent).memory(memory).build()) {
            postgres.run("durable-1", "q1", RunListener.NONE);
            inMemory.run("volatile-1", "q2", RunListener.NONE);
        }

        // then: with PostgreSQL checkpoints the memory may skip its own wait for the disk, because the turn's last
        // checkpoint is committed (waiting for it) before run returns
        assertThat(calls).containsExactly("before checkpoint in this database q1", "remember q2");
        try (var c = db.dataSource().getConnection(); var st = c.prepareStatement(
                "select next_node_id from graph_checkpoints where thread_id = 'durable-1' order by seq desc limit 1");
             var rs = st.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(org.bsc.langgraph4j.StateGraph.END);
        }
    }

    @Test
    void should_not_replay_a_turn_that_failed_and_was_reported() {
        FakeAgent flaky = new FakeAgent("general", r -> {
            if (r.question().equals("boom")) {
                throw new dev.maestro.core.ProviderException(dev.maestro.core.ProviderException.Kind.SERVER_ERROR, "down", 500, 3, null, null);
            }
            return "ok " + r.question();
        });
        try (MaestroGraph graph = MaestroGraph.builder().agent(flaky).checkpointSaver(saver(20)).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> graph.run("failed-1", "boom", RunListener.NONE))
                    .isInstanceOf(dev.maestro.core.ProviderException.class);

            RunResult next = graph.run("failed-1", "next", RunListener.NONE);

            assertThat(next.answer()).isEqualTo("ok next");
            assertThat(flaky.requests).extracting(r -> r.question()).containsExactly("boom", "next");
        }
    }

    @Test
    void should_keep_checkpoints_bounded_per_conversation() {
        PostgresCheckpointSaver saver = saver(4);
        try (MaestroGraph graph = MaestroGraph.builder().agent(FakeAgent.saying("general", "x")).checkpointSaver(saver).build()) {
            for (int i = 0; i < 5; i++) {
                graph.run("retention-1", "question " + i, RunListener.NONE);
            }
        }

        assertThat(saver.list(RunnableConfig.builder().threadId("retention-1").build())).hasSize(4);
    }

    private static MaestroGraph process(Database pool, FakeAgent agent) {
        return MaestroGraph.builder().agent(agent)
                .checkpointSaver(PostgresCheckpointSaver.builder().dataSource(pool.dataSource()).keepPerThread(50).build())
                .conversationLock(new PostgresConversationLock(pool.dataSource())).build();
    }

    @Test
    void should_serialise_turns_of_one_conversation_across_two_processes() throws Exception {
        // given: two graph instances ("processes") on one database, each with its own saver and lock
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        java.util.function.Supplier<FakeAgent> agent = () -> new FakeAgent("general", r -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return "answer to " + r.question();
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Database pool1 = Database.connect(db.server().settings(db.databaseName()).withPoolSize(3));
             Database pool2 = Database.connect(db.server().settings(db.databaseName()).withPoolSize(3));
             MaestroGraph p1 = process(pool1, agent.get());
             MaestroGraph p2 = process(pool2, agent.get())) {

            // when
            List<Future<RunResult>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                MaestroGraph g = i % 2 == 0 ? p1 : p2;
                String q = "q" + i;
                futures.add(pool.submit(() -> g.run("shared-1", q, RunListener.NONE)));
            }

            // then
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get(30, TimeUnit.SECONDS).answer()).isEqualTo("answer to q" + i);
            }
            assertThat(maxInFlight.get()).as("turns of one conversation never overlap").isEqualTo(1);
            assertThat(saver(50).list(RunnableConfig.builder().threadId("shared-1").build()).size())
                    .isGreaterThanOrEqualTo(6 * 4);
        } finally {
            pool.shutdownNow();
        }
    }
}
