package dev.maestro.workflows;

import dev.maestro.graph.checkpoint.PostgresCheckpointSaver;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.maestro.workflows.TestEnvironment.LOADER;
import static dev.maestro.workflows.TestEnvironment.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A workflow run checkpointed in PostgreSQL resumes in a new graph and saver, as after a restart. */
class WorkflowCheckpointIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @Test
    void should_resume_from_postgres_in_a_fresh_graph_without_repeating_completed_steps() {
        Workflow wf = LOADER.load(resource("custom-workflow.json"), "custom-workflow.json");
        WorkflowGraphTest.ScriptedSteps first = new WorkflowGraphTest.ScriptedSteps();
        first.failuresLeft.put("test", 1);
        PostgresCheckpointSaver saver = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).build();

        assertThatThrownBy(() -> WorkflowGraph.compile(wf, first, saver).run("run-7", Map.of("specification", "Add login")))
                .isInstanceOf(WorkflowRunException.class).hasMessageStartingWith("step 'test' failed: scripted failure of test");
        saver.flush(WorkflowGraph.thread("run-7"));

        // a new saver and graph over the same database: what a restarted process has
        WorkflowGraphTest.ScriptedSteps second = new WorkflowGraphTest.ScriptedSteps();
        PostgresCheckpointSaver restarted = PostgresCheckpointSaver.builder().dataSource(db.dataSource()).build();
        WorkflowState end = WorkflowGraph.compile(wf, second, restarted).resume("run-7");

        assertThat(first.calls).containsExactly("analyze", "design", "implement", "test");
        assertThat(second.calls).containsExactly("test", "validate");
        assertThat(end.values()).containsEntry("specification", "Add login").containsEntry("implementation", "implementation by implement");
    }
}
