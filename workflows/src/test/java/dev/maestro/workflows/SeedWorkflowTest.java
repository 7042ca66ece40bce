package dev.maestro.workflows;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Custom Workflow Definition" of the design document (003), copied as written, loads and means what it says. */
class SeedWorkflowTest {

    private final Workflow wf = TestEnvironment.LOADER.load(TestEnvironment.resource("custom-workflow.json"), "custom-workflow.json");

    @Test
    void should_load_the_seed_example_as_written() {
        assertThat(wf.name()).isEqualTo("custom-workflow");
        assertThat(wf.steps()).extracting(Step::id).containsExactly("analyze", "design", "implement", "test", "validate");
        assertThat(wf.steps()).extracting(Step::action).containsExactly(
                new StepAction.Agent("context-analyzer", null), new StepAction.Agent("generate-design", null),
                new StepAction.Agent("implement-feature", null), new StepAction.Agent("generate-tests", null),
                new StepAction.Agent("quality-assessor", null));
        assertThat(wf.successActions()).extracting(ActionRef::value)
                .containsExactly("commit_changes", "update_documentation", "notify_completion");
    }

    @Test
    void should_infer_the_one_input_no_step_produces() {
        assertThat(wf.inputsDeclared()).isFalse();
        assertThat(wf.inputs()).containsOnlyKeys("specification");
        assertThat(wf.inputs().get("specification").required()).isTrue();
    }

    @Test
    void should_read_each_failure_policy_with_its_handler() {
        assertThat(wf.steps()).extracting(Step::onFailure).containsExactly(
                new OnFailure.Abort(),
                new OnFailure.Retry(2, Duration.ofSeconds(1)),
                new OnFailure.Rollback("", new ActionRef(ActionRef.Kind.SHELL, "git checkout -- ."), true),
                new OnFailure.FixAndRetry(new ActionRef(ActionRef.Kind.AGENT, "auto-fix-tests"), 3),
                new OnFailure.Escalate("Quality validation failed. Manual intervention required."));
        assertThat(wf.step("implement").orElseThrow().parallel()).isTrue();
        assertThat(wf.step("design").orElseThrow().parallel()).isFalse();
    }

    @Test
    void should_keep_the_line_and_column_of_every_step() {
        assertThat(wf.steps()).extracting(Step::location).containsExactly(new Location(5, 5), new Location(13, 5),
                new Location(22, 5), new Location(31, 5), new Location(39, 5));
        assertThat(wf.location()).isEqualTo(new Location(1, 1));
        assertThat(List.copyOf(wf.errorHandlers().keySet())).containsExactly("rollback", "fix_and_retry", "escalate");
    }
}
