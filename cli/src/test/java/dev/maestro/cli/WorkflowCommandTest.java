package dev.maestro.cli;

import dev.maestro.testkit.OllamaStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code maestro workflow …}: offline (no model, no tool, no database), against the built-in and a user's workflows. */
class WorkflowCommandTest {

    /** The configured model server: a dry run must never reach it. */
    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub().replyWith("should not be asked", 1, 1);

    @Test
    void should_dry_run_every_built_in_workflow_without_a_single_model_request() {
        Map<String, String> env = Map.of("MAESTRO_OLLAMA_BASE_URL", ollama.baseUrl());
        Map<String, String[]> inputs = Map.of("feature-implementation", new String[]{"spec=Add login"},
                "bug-fix", new String[]{"issue=Login fails on mobile"}, "refactor", new String[]{"target=src/api/"},
                "api-integration", new String[]{"service=stripe", "operations=payment"}, "performance", new String[]{"target=dashboard"});

        inputs.forEach((name, kv) -> {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("workflow", "run", name, "--dry-run"));
            for (String one : kv) {
                args.add("--input");
                args.add(one);
            }
            CliRun run = CliRun.of(env, args.toArray(String[]::new));
            assertThat(run.exitCode()).as(name + ": " + run.err()).isZero();
            assertThat(run.out()).as(name).startsWith("Workflow " + name + ": ").contains("no model or tool is called");
        });

        assertThat(ollama.wireMock().getAllServeEvents()).isEmpty();
    }

    @Test
    void should_list_the_built_in_workflows_by_category() {
        CliRun all = CliRun.of(Map.of(), "workflow", "list");
        CliRun maintenance = CliRun.of(Map.of(), "workflow", "list", "--category", "maintenance");

        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out().lines().map(l -> l.split("\\s+")[0]))
                .containsExactly("feature-implementation", "bug-fix", "refactor", "api-integration", "performance");
        assertThat(maintenance.out().lines().map(l -> l.split("\\s+")[0])).containsExactly("bug-fix", "refactor");
        assertThat(maintenance.out()).contains("bug-fix                  maintenance  built-in  7 steps  From a bug report");
    }

    @Test
    void should_validate_a_file_printing_every_error_with_line_and_column_and_exit_2(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                name: bad
                steps:
                  - id: a
                    command: "@context-analyzr"
                    inputs: [x]
                    outputs: [y]
                    colour: red
                  - id: b
                    command: "@generate-tests"
                    inputs: [y]
                    condition: "y >"
                """);

        CliRun run = CliRun.of(Map.of(), "workflow", "validate", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).containsExactly(
                file + ":4:5: step 'a' names unknown agent '@context-analyzr'; did you mean 'context-analyzer'?",
                file + ":7:5: unknown key 'colour' in step 'a' (allowed: arguments, command, compensate, condition, depends_on, gate, human, "
                        + "id, inputs, name, on_failure, output_schema, outputs, parallel, prompt, retry_count, risk, supervised, timeout, tool, workflow)",
                file + ":11:5: condition of step 'b' does not compile: mismatched input '<EOF>' expecting {'[', '{', '(', '.', "
                        + "'-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER} (at column 4 of the expression)",
                "3 errors");
    }

    @Test
    void should_validate_the_seed_example_of_the_design_document() {
        Path seed = Path.of("..", "workflows", "src", "test", "resources", "workflows", "custom-workflow.json");

        CliRun run = CliRun.of(Map.of(), "workflow", "validate", seed.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(seed + ": ok (5 steps)\n");
    }

    @Test
    void should_dry_run_a_user_workflow_from_workflows_dir_with_its_inputs(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("triage.yaml"), """
                name: triage
                category: support
                inputs:
                  ticket: {}
                  product: {default: maestro}
                steps:
                  - id: read
                    command: "@context-analyzer"
                    prompt: "Triage {{ticket}} for {{product}}"
                    inputs: [ticket, product]
                    outputs: [triage]
                  - id: ask
                    human: {type: approval, message: "Close the ticket?"}
                    inputs: [triage]
                """);
        Map<String, String> env = Map.of("MAESTRO_WORKFLOWS_DIR", dir.toString());

        CliRun list = CliRun.of(env, "workflow", "list", "--category", "support");
        CliRun run = CliRun.of(env, "workflow", "run", "triage", "--dry-run", "--input", "ticket=T-7: login loops");

        assertThat(list.out()).startsWith("triage                   support      user      2 steps");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                Workflow triage
                Dry run: 2 steps in 2 stages; no model or tool is called.

                Stage 1
                  1. read
                     action:     @context-analyzer
                     input:      ticket = "T-7: login loops"
                     input:      product = "maestro"
                     prompt:     "Triage T-7: login loops for maestro"
                     outputs:    triage
                     on failure: abort

                Stage 2
                  2. ask
                     action:     ask a person (approval): "Close the ticket?"
                     input:      triage = <triage from read>
                     on failure: abort
                """);
    }

    @Test
    void should_refuse_a_run_without_dry_run_or_with_a_missing_input() {
        CliRun missing = CliRun.of(Map.of(), "workflow", "run", "bug-fix", "--dry-run");
        CliRun real = CliRun.of(Map.of(), "workflow", "run", "bug-fix", "--input", "issue=x");

        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).isEqualTo("maestro: missing input 'issue' (give --input issue=...)\n");
        assertThat(real.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(real.err()).isEqualTo("maestro: Running workflows is not built yet; add --dry-run to see the plan.\n");
    }

    @Test
    void should_print_the_graph_and_the_steps_of_a_built_in_workflow() {
        CliRun graph = CliRun.of(Map.of(), "workflow", "graph", "api-integration");
        CliRun show = CliRun.of(Map.of(), "workflow", "show", "bug-fix");

        assertThat(graph.out()).startsWith("flowchart TD\n    subgraph hardening[\"hardening (max 2)\"]\n")
                .contains("    resilience --> tests\n", "    resilience --> monitoring\n");
        assertThat(show.out()).startsWith("bug-fix: From a bug report to a minimal, regression-tested fix\nCategory: maintenance\nInputs:\n"
                + "  issue (required)  The bug, e.g. \"Login fails on mobile devices\"\nSteps:\n"
                + "  1. analyze                Analyze bug description and impact  → bug_analysis\n");
    }
}
