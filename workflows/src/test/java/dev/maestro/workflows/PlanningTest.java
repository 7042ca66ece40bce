package dev.maestro.workflows;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.maestro.workflows.TestEnvironment.LOADER;
import static dev.maestro.workflows.TestEnvironment.resource;
import static org.assertj.core.api.Assertions.assertThat;

/** Execution order, parallel stages within max_parallel, the dry-run text and the Mermaid graph. */
class PlanningTest {

    private static List<List<String>> stages(Workflow wf) {
        return ExecutionPlan.of(wf).stages().stream().map(s -> s.steps().stream().map(Step::id).toList()).toList();
    }

    @Test
    void should_run_the_seed_steps_one_after_another_in_data_order() {
        Workflow wf = LOADER.load(resource("custom-workflow.json"), "custom-workflow.json");

        assertThat(stages(wf)).containsExactly(List.of("analyze"), List.of("design"), List.of("implement"), List.of("test"), List.of("validate"));
    }

    @Test
    void should_batch_ready_group_members_up_to_max_parallel() {
        Workflow wf = LOADER.load(resource("parallel.yaml"), "parallel.yaml");

        // unit_tests needs all three features; the other two tests need fewer, but share the group's limit of 2
        assertThat(stages(wf)).containsExactly(
                List.of("auth_implementation", "ui_implementation", "api_implementation"),
                List.of("unit_tests", "integration_tests"),
                List.of("e2e_tests"),
                List.of("report"));
        assertThat(ExecutionPlan.of(wf).stages()).extracting(ExecutionPlan.Stage::group)
                .containsExactly("independent_features", "test_suite", "test_suite", null);
    }

    @Test
    void should_follow_data_over_declaration_order_and_batch_parallel_steps() {
        String yaml = """
                name: order
                steps:
                  - {id: last, command: "@quality-assessor", inputs: [a, b]}
                  - {id: make_b, command: "@implement-feature", inputs: [seed], outputs: [b], parallel: true}
                  - {id: make_a, command: "@implement-feature", inputs: [seed], outputs: [a], parallel: true}
                  - {id: first, command: "@context-analyzer", outputs: [seed]}
                """;

        assertThat(stages(LOADER.load(yaml, "order.yaml"))).containsExactly(List.of("first"), List.of("make_b", "make_a"), List.of("last"));
    }

    @Test
    void should_print_the_dry_run_plan_with_resolved_inputs() {
        Workflow wf = LOADER.load(resource("custom-workflow.json"), "custom-workflow.json");
        Map<String, String> inputs = Map.of("specification", "Add user authentication");

        assertThat(DryRun.inputErrors(wf, inputs)).isEmpty();
        assertThat(DryRun.of(wf, inputs).render()).isEqualTo("""
                Workflow custom-workflow: Custom development workflow
                Dry run: 5 steps in 5 stages; no model or tool is called.

                Stage 1
                  1. analyze — Analyze Requirements
                     action:     @context-analyzer
                     input:      specification = "Add user authentication"
                     outputs:    analysis_report
                     on failure: abort

                Stage 2
                  2. design — Generate Design
                     action:     @generate-design
                     input:      analysis_report = <analysis_report from analyze>
                     outputs:    design_doc
                     on failure: retry up to 2 times, backoff 1s doubling

                Stage 3
                  3. implement — Implement Solution
                     action:     @implement-feature
                     input:      design_doc = <design_doc from design>
                     outputs:    implementation
                     on failure: roll back to the start, then git checkout -- ., notify

                Stage 4
                  4. test — Generate and Run Tests
                     action:     @generate-tests
                     input:      implementation = <implementation from implement>
                     outputs:    test_results
                     on failure: fix with @auto-fix-tests and retry, up to 3 attempts

                Stage 5
                  5. validate — Validate Quality
                     action:     @quality-assessor
                     input:      implementation = <implementation from implement>
                     input:      test_results = <test_results from test>
                     outputs:    quality_report
                     on failure: escalate: "Quality validation failed. Manual intervention required."

                On success: commit_changes, update_documentation, notify_completion
                """);
    }

    @Test
    void should_render_prompts_and_conditions_in_the_dry_run() {
        Workflow wf = LOADER.load(resource("conditional.yaml"), "conditional.yaml");

        String text = DryRun.of(wf, Map.of("change", "PR 42")).render();

        assertThat(text).contains("Stops the workflow when: security_issues > 0\n")
                .contains("""
                          3. suggest_refactoring
                             action:     @generate-design
                             runs if:    complexity > 10
                             input:      change = "PR 42"
                             input:      complexity = <complexity from measure>
                             prompt:     "Suggest a refactoring of PR 42; its complexity is <complexity from measure>."
                        """);
    }

    @Test
    void should_name_missing_and_unknown_run_inputs() {
        Workflow wf = LOADER.load(resource("custom-workflow.json"), "custom-workflow.json");

        assertThat(DryRun.inputErrors(wf, Map.of("spec", "x"))).containsExactly(
                "missing input 'specification' (give --input specification=...)",
                "workflow custom-workflow takes no input 'spec'; its inputs: [specification]");
    }

    @Test
    void should_draw_parallel_groups_as_subgraphs_and_conditional_edges_dashed() {
        Workflow parallel = LOADER.load(resource("parallel.yaml"), "parallel.yaml");
        Workflow conditional = LOADER.load(resource("conditional.yaml"), "conditional.yaml");

        assertThat(MermaidGraph.of(parallel)).startsWith("""
                flowchart TD
                    subgraph independent_features["independent_features (max 3)"]
                    auth_implementation["auth_implementation<br/>@implement-feature"]
                    ui_implementation["ui_implementation<br/>@implement-feature"]
                    api_implementation["api_implementation<br/>@implement-feature"]
                    end
                    subgraph test_suite["test_suite (max 2)"]
                """).contains("    auth_implementation --> unit_tests\n", "    ui_implementation --> integration_tests\n",
                "    api_implementation --> integration_tests\n");
        assertThat(MermaidGraph.of(conditional)).contains("    measure -.->|\"if complexity #gt; 10\"| suggest_refactoring\n",
                "    measure -.->|\"if test_coverage #lt; 80\"| add_more_tests\n");
    }
}
