package dev.maestro.graph;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Supervised mode: a supervised agent interrupts the run before it works; approve, reject or edit resumes it. */
class SupervisedModeTest {

    private static MaestroGraph graph(FakeAgent general, FakeAgent coder) {
        return MaestroGraph.builder().agents(general, coder)
                .router(new KeywordRouter(java.util.Map.of("code", "coder")))
                .supervised("coder").build();
    }

    @Test
    void should_interrupt_before_a_supervised_agent_and_run_it_on_approve() {
        // given
        FakeAgent general = FakeAgent.saying("general", "hi");
        FakeAgent coder = new FakeAgent("coder", r -> "ran: " + r.question());
        try (MaestroGraph graph = graph(general, coder)) {
            List<RunEvent> events = new CopyOnWriteArrayList<>();

            // when
            RunResult waiting = graph.run("s1", "write code to delete files", events::add);

            // then
            assertThat(waiting.interrupted()).isTrue();
            assertThat(waiting.pendingAgent()).isEqualTo("coder");
            assertThat(coder.requests).isEmpty();
            assertThat(events).anyMatch(e -> e.type() == RunEvent.Type.INTERRUPTED && "coder".equals(e.data().get("agent")));
            assertThat(graph.pendingApproval("s1")).contains("coder");

            // when
            RunResult done = graph.resume("s1", Approval.approve(), RunListener.NONE);

            // then
            assertThat(done.interrupted()).isFalse();
            assertThat(done.answer()).isEqualTo("ran: write code to delete files");
            assertThat(coder.requests).hasSize(1);
            assertThat(graph.pendingApproval("s1")).isEmpty();
        }
    }

    @Test
    void should_not_run_a_rejected_agent() {
        FakeAgent coder = new FakeAgent("coder", r -> "ran");
        try (MaestroGraph graph = graph(FakeAgent.saying("general", "hi"), coder)) {
            graph.run("s2", "write code to drop the database", RunListener.NONE);

            RunResult done = graph.resume("s2", Approval.reject(), RunListener.NONE);

            assertThat(done.answer()).contains("rejected").contains("coder");
            assertThat(coder.requests).isEmpty();
        }
    }

    @Test
    void should_run_an_edited_input() {
        FakeAgent coder = new FakeAgent("coder", r -> "ran: " + r.question());
        try (MaestroGraph graph = graph(FakeAgent.saying("general", "hi"), coder)) {
            graph.run("s3", "write code to delete everything", RunListener.NONE);

            RunResult done = graph.resume("s3", Approval.edit("write code to list files"), RunListener.NONE);

            assertThat(done.answer()).isEqualTo("ran: write code to list files");
        }
    }

    @Test
    void should_not_interrupt_unsupervised_agents_and_refuse_a_resume_with_nothing_pending() {
        FakeAgent general = FakeAgent.saying("general", "hi");
        try (MaestroGraph graph = graph(general, FakeAgent.saying("coder", "x"))) {
            RunResult r = graph.run("s4", "hello", RunListener.NONE);

            assertThat(r.interrupted()).isFalse();
            assertThat(r.answer()).isEqualTo("hi");
            assertThatThrownBy(() -> graph.resume("s4", Approval.approve(), RunListener.NONE))
                    .isInstanceOf(GraphException.class).hasMessageContaining("no turn waiting for approval");
        }
    }

    @Test
    void should_start_a_new_turn_when_the_user_moves_on_from_a_pending_approval() {
        FakeAgent general = FakeAgent.saying("general", "hi");
        FakeAgent coder = FakeAgent.saying("coder", "x");
        try (MaestroGraph graph = graph(general, coder)) {
            graph.run("s5", "write code", RunListener.NONE);

            RunResult next = graph.run("s5", "never mind, hello", RunListener.NONE);

            assertThat(next.answer()).isEqualTo("hi");
            assertThat(coder.requests).isEmpty();
        }
    }
}
