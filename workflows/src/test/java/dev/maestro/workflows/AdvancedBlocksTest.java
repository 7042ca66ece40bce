package dev.maestro.workflows;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.maestro.workflows.TestEnvironment.LOADER;
import static dev.maestro.workflows.TestEnvironment.resource;
import static org.assertj.core.api.Assertions.assertThat;

/** The "Conditional Execution", "Parallel Execution" and "Rollback Strategy" blocks of design document 003. */
class AdvancedBlocksTest {

    @Test
    void should_make_each_conditions_rule_the_condition_of_the_step_it_names() {
        Workflow wf = LOADER.load(resource("conditional.yaml"), "conditional.yaml");

        assertThat(wf.conditions()).extracting(Workflow.ConditionRule::then)
                .containsExactly("add_more_tests", "suggest_refactoring", "abort_workflow");
        assertThat(ExecutionPlan.of(wf).conditions()).containsExactly(
                Map.entry("add_more_tests", "test_coverage < 80"), Map.entry("suggest_refactoring", "complexity > 10"));
    }

    @Test
    void should_reject_the_design_documents_percent_sign_as_an_expression_that_does_not_compile() {
        String asInTheDocument = resource("conditional.yaml").replace("\"test_coverage < 80\"", "\"test_coverage < 80%\"");

        assertThat(TestEnvironment.errors(asInTheDocument)).singleElement().asString()
                .startsWith("f:22:5: condition 'test_coverage < 80%' does not compile: mismatched input '<EOF>'");
    }

    @Test
    void should_read_the_parallel_groups_as_written() {
        Workflow wf = LOADER.load(resource("parallel.yaml"), "parallel.yaml");

        assertThat(wf.parallelGroups()).containsExactly(
                new Workflow.ParallelGroup("independent_features", List.of("auth_implementation", "ui_implementation", "api_implementation"),
                        3, new Location(14, 5)),
                new Workflow.ParallelGroup("test_suite", List.of("unit_tests", "integration_tests", "e2e_tests"), 2, new Location(17, 5)));
    }

    @Test
    void should_read_the_rollback_strategy_and_the_rollbacks_to_its_checkpoints() {
        Workflow wf = LOADER.load(resource("rollback.yaml"), "rollback.yaml");

        assertThat(wf.rollback().checkpoints()).extracting(Workflow.Checkpoint::name)
                .containsExactly("after:design", "after:core_implementation", "before:deployment");
        assertThat(wf.rollback().cleanupActions()).extracting(ActionRef::value)
                .containsExactly("remove_temp_files", "reset_test_data", "notify_team");
        assertThat(wf.step("core_implementation").orElseThrow().onFailure()).isEqualTo(new OnFailure.Rollback("after:design", null, false));
        assertThat(wf.step("core_implementation").orElseThrow().compensate()).isEqualTo(new ActionRef(ActionRef.Kind.SHELL, "git checkout -- ."));
        assertThat(wf.step("verify").orElseThrow().onFailure())
                .isEqualTo(new OnFailure.Rollback("after:core_implementation", new ActionRef(ActionRef.Kind.AGENT, "auto-fix-tests"), true));
        assertThat(wf.step("deployment").orElseThrow().risk()).isEqualTo(Risk.HIGH);
    }
}
