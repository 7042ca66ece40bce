package dev.maestro.workflows;

import dev.maestro.agents.AgentSpec;
import dev.maestro.core.ConfigException;
import dev.maestro.prompts.PromptLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The built-in workflows and agents, and the user's workflows.dir. */
class WorkflowCatalogTest {

    @Test
    void should_ship_five_valid_built_in_workflows_that_plan_every_step() {
        WorkflowCatalog catalog = WorkflowCatalog.load(null, TestEnvironment.ENV);

        assertThat(catalog.all()).extracting(WorkflowCatalog.Entry::name)
                .containsExactly("feature-implementation", "bug-fix", "refactor", "api-integration", "performance");
        for (WorkflowCatalog.Entry e : catalog.all()) {
            assertThat(e.validated().errors()).as(e.name()).isEmpty();
            Workflow wf = e.validated().workflow();
            assertThat(ExecutionPlan.of(wf).order()).as(e.name()).hasSameSizeAs(wf.steps()).hasSizeGreaterThanOrEqualTo(7);
        }
        assertThat(ExecutionPlan.of(catalog.resolve("feature-implementation")).order()).extracting(Step::id)
                .containsExactly("requirements", "design", "tasks", "scaffold", "implement", "tests", "docs", "validate");
    }

    @Test
    void should_give_every_workflow_agent_a_prompt_and_keep_them_out_of_the_chat_agents() {
        List<AgentSpec> agents = WorkflowAgents.builtIn().all();

        assertThat(agents).extracting(AgentSpec::name).contains("context-analyzer", "generate-design", "implement-feature",
                "generate-tests", "quality-assessor", "auto-fix-tests");
        for (AgentSpec a : agents) {
            assertThat(PromptLibrary.standard().latest(a.prompt()).text()).as(a.name()).isNotBlank();
        }
        assertThat(dev.maestro.agents.AgentCatalog.builtIn().all()).extracting(AgentSpec::name)
                .doesNotContainAnyElementsOf(agents.stream().map(AgentSpec::name).toList());
    }

    @Test
    void should_add_the_workflows_of_the_directory_and_resolve_files_and_sub_workflows(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("release.yaml"), """
                name: release
                steps:
                  - {id: fix_first, workflow: bug-fix, inputs: [issue]}
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a workflow");
        Files.writeString(dir.resolve("broken.yml"), "name: broken\nsteps:\n  - {id: a, command: \"@nobody\"}\n");

        WorkflowCatalog catalog = WorkflowCatalog.load(dir, TestEnvironment.ENV);

        assertThat(catalog.all()).extracting(WorkflowCatalog.Entry::name).endsWith("broken", "release");
        assertThat(catalog.get("release").orElseThrow().validated().errors()).isEmpty();
        assertThat(catalog.get("broken").orElseThrow().validated().errors()).extracting(e -> e.format("broken.yml"))
                .containsExactly("broken.yml:3:13: step 'a' names unknown agent '@nobody'");
        assertThatThrownBy(() -> catalog.resolve("broken")).isInstanceOf(WorkflowException.class)
                .hasMessageContaining(dir.resolve("broken.yml") + ":3:13: step 'a' names unknown agent '@nobody'");
        assertThat(catalog.resolve(dir.resolve("release.yaml").toString()).inputs()).containsOnlyKeys("issue");
        assertThatThrownBy(() -> catalog.resolve("nope")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("No workflow or file named 'nope'; known workflows: [feature-implementation, bug-fix,");
    }

    @Test
    void should_refuse_a_user_workflow_named_like_a_built_in(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("mine.yaml"), "name: bug-fix\nsteps:\n  - {id: a, command: \"@context-analyzer\"}\n");

        assertThatThrownBy(() -> WorkflowCatalog.load(dir, TestEnvironment.ENV)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Workflow 'bug-fix' is defined twice: in dev/maestro/workflows/builtin/bug-fix.yaml and in "
                        + dir.resolve("mine.yaml"));
    }
}
