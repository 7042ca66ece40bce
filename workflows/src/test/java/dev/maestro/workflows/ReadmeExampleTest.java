package dev.maestro.workflows;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The complete example of the README's Workflows section validates and plans as the text around it says. */
class ReadmeExampleTest {

    @Test
    void should_validate_and_plan_the_readme_example() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Workflows");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```\n", start));

        WorkflowLoader.Validated v = TestEnvironment.LOADER.validate(yaml, "README.md");

        assertThat(v.errors()).isEmpty();
        assertThat(ExecutionPlan.of(v.workflow()).stages()).extracting(s -> s.steps().stream().map(Step::id).toList())
                .containsExactly(List.of("analyze"), List.of("fix"), List.of("tests", "docs"), List.of("approve"));
        assertThat(ExecutionPlan.of(v.workflow()).conditions()).containsExactly(Map.entry("fix", "severity != 'cosmetic'"),
                Map.entry("docs", "severity == 'critical'"));
    }
}
