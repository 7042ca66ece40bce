package dev.maestro.workflows;

import org.junit.jupiter.api.Test;

import static dev.maestro.workflows.TestEnvironment.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every kind of error a workflow file can have, each reported with its line and column, all at once. */
class WorkflowValidationTest {

    @Test
    void should_report_every_error_of_a_broken_file_at_once_with_line_and_column() {
        // given
        String yaml = """
                name: broken
                colour: blue
                inputs:
                  spec: {description: what to build}
                steps:
                  - id: a
                    command: "@context-analyzer"
                    inputs: [spec, specs]
                    outputs: [x]
                    risk: extreme
                    timeout: soon
                  - id: b
                    command: "@no-such-agent"
                    inputs: [x, z]
                    outputs: [y]
                  - id: c
                    tool: rm_rf
                    inputs: [y]
                    outputs: [z]
                    condition: "y > 80%"
                  - id: d
                    inputs: [z]
                    command: "@generate-tests"
                    tool: read_file
                  - id: e
                    command: "@generate-design"
                    prompt: "Design {{spec}} using {{nothing}}"
                    inputs: [spec]
                    condition: "false"
                    on_failure: {retry: {count: two}}
                  - id: f
                    command: "@generate-tests"
                    depends_on: [e, ghost]
                    on_failure: fix_and_retry
                """;

        // when / then
        assertThat(errors(yaml)).containsExactly(
                "f:2:1: unknown key 'colour' in the workflow (allowed: category, conditions, description, error_handlers, inputs, name, "
                        + "parallel_groups, quality_gates, rollback, steps, success_actions, timeout, version)",
                "f:8:20: step 'a' reads undefined input 'specs': no step outputs it and the workflow's inputs do not declare it; did you mean 'spec'?",
                "f:10:5: step 'a' risk: does not have a value in the enumeration [\"low\", \"medium\", \"high\"]",
                "f:11:5: step 'a' timeout: does not match the regex pattern ^[0-9]+\\s*(ms|s|m|h)$",
                "f:12:5: dependency cycle: b → c → b",
                "f:13:5: step 'b' names unknown agent '@no-such-agent'",
                "f:17:5: step 'c' calls unknown tool 'rm_rf'; known tools: [calculator, current_time, http_get, list_files, memory_search, "
                        + "read_file, retrieval_search, write_file] and mcp:<server>.<tool>",
                "f:20:5: condition of step 'c' does not compile: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', "
                        + "'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER} (at column 8 of the expression)",
                "f:21:5: step 'd' is unreachable: it waits on step 'c', which is on a dependency cycle",
                "f:24:5: step 'd' has 2 actions (command, tool); give exactly one",
                "f:25:5: step 'e' is unreachable: its condition is always false",
                "f:27:5: prompt of step 'e' uses {{nothing}}, which is neither one of its inputs nor a workflow input",
                "f:30:26: step 'e' on_failure.retry.count: string found, integer expected",
                "f:31:5: step 'f' is unreachable: it needs step 'e', which never runs",
                "f:33:21: step 'f' depends on unknown step 'ghost'",
                "f:34:5: step 'f': on_failure fix_and_retry needs a handler; add error_handlers.fix_and_retry.action or write "
                        + "on_failure: {fix_and_retry: {handler: \"@agent\"}}");
    }

    @Test
    void should_name_a_longer_cycle_step_by_step_in_run_order() {
        String yaml = """
                name: loop
                steps:
                  - id: plan
                    command: "@generate-tasks"
                    inputs: [review]
                    outputs: [tasks]
                  - id: build
                    command: "@implement-feature"
                    inputs: [tasks]
                    outputs: [code]
                  - id: review
                    command: "@quality-assessor"
                    inputs: [code]
                    outputs: [review]
                """;

        assertThat(errors(yaml)).containsExactly("f:3:5: dependency cycle: plan → build → review → plan");
    }

    @Test
    void should_report_a_syntax_error_at_its_position() {
        assertThat(errors("{\n  \"name\": \"x\",\n  \"steps\": [\n}\n")).singleElement().asString()
                .startsWith("f:4:1: syntax error: Unexpected close marker '}'");
    }

    @Test
    void should_report_a_duplicate_key_with_both_positions() {
        String yaml = """
                name: twice
                steps:
                  - id: a
                    command: "@context-analyzer"
                    command: "@generate-design"
                """;

        assertThat(errors(yaml)).containsExactly("f:5:5: duplicate key 'command' (first at 4:5)");
    }

    @Test
    void should_report_missing_keys_and_a_step_without_action() {
        String yaml = """
                description: no name
                steps:
                  - name: nameless
                """;

        assertThat(errors(yaml)).containsExactly(
                "f:1:1: the workflow lacks required key 'name'",
                "f:3:5: step 'null' has no action; give one of command (\"@agent\"), tool, workflow, human or gate",
                "f:3:5: steps[0] lacks required key 'id'");
    }

    @Test
    void should_check_groups_rules_checkpoints_gates_handlers_and_sub_workflows() {
        String yaml = """
                name: many
                steps:
                  - id: a
                    command: "@context-analyzer"
                    outputs: [report]
                    on_failure: {rollback: {to: "after:nowhere"}}
                  - id: b
                    command: "@generate-design"
                    inputs: [report]
                    compensate: undo_everything
                  - id: ask
                    human: {message: "What now?"}
                  - id: sub
                    workflow: no-such-flow
                parallel_groups:
                  - group: g
                    steps: [a, b, ghost]
                conditions:
                  - if: "report.size() > 3"
                    then: missing_step
                quality_gates:
                  - name: coverage
                    check: "coverage >= 80"
                error_handlers:
                  escalate: {action: "@nobody"}
                rollback:
                  checkpoints:
                    - after: a
                    - before: gone
                """;

        assertThat(errors(yaml)).containsExactly(
                "f:6:5: step 'a' rolls back to unknown checkpoint 'after:nowhere'; declared: [after:a, before:gone]",
                "f:10:5: compensate of step 'b' names unknown action 'undo_everything'; built-in actions: [commit_changes, notify_completion, "
                        + "notify_team, remove_temp_files, request_user_input, reset_test_data, update_documentation], or @agent, or a shell command",
                "f:12:5: human step 'ask' asks for input but declares no output to hold the answer",
                "f:14:5: step 'sub' runs unknown workflow 'no-such-flow'",
                "f:16:5: parallel group 'g' names unknown step 'ghost'",
                "f:16:5: parallel group 'g': step 'b' depends on step 'a', so they cannot run at once",
                "f:19:5: condition 'report.size() > 3' names unknown step 'missing_step' (or write abort_workflow)",
                "f:23:5: quality gate 'coverage' does not compile: undeclared reference to 'coverage' (in container '') (at column 1 of the expression)",
                "f:25:3: error handler 'escalate' names unknown agent '@nobody'",
                "f:29:7: checkpoint before:gone names unknown step 'gone'");
    }

    @Test
    void should_throw_with_every_error_when_loading_an_invalid_workflow() {
        assertThatThrownBy(() -> TestEnvironment.LOADER.load("name: Bad Name\nsteps: []\n", "bad.yaml"))
                .isInstanceOf(WorkflowException.class)
                .hasMessage("2 errors in workflow bad.yaml:\n"
                        + "bad.yaml:1:1: name: does not match the regex pattern ^[a-z][a-z0-9-]{0,63}$\n"
                        + "bad.yaml:2:1: steps: must have at least 1 items but found 0");
    }

    @Test
    void should_publish_the_schema_it_validates_with() {
        assertThat(WorkflowSchema.text()).contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"")
                .contains("\"on_failure\"").contains("\"parallel_groups\"");
    }
}
