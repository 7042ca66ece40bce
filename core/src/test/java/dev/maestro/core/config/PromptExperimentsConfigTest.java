package dev.maestro.core.config;

import dev.maestro.core.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code prompts.experiments} in maestro.yaml: nested or dotted, defaults, and the errors. */
class PromptExperimentsConfigTest {

    @TempDir
    Path dir;

    private AppConfig load(String yaml) throws IOException {
        Files.writeString(dir.resolve("maestro.yaml"), yaml);
        return new ConfigLoader(Map.of(), dir).load(null, List.of());
    }

    @Test
    void should_read_experiments_beside_the_prompts_folder_with_defaults() throws IOException {
        AppConfig config = load("""
                prompts:
                  dir: my-prompts
                  experiments:
                    - id: general-tone
                      prompt: general.system
                      versions: [1, 2]
                    - id: coder-style
                      prompt: coder.system
                      versions: [1, 3, 4]
                      min-share: 0.05
                      winner-at: 0.99
                      min-votes: 50
                      min-lift: 0
                """);

        assertThat(config.promptsDir()).isEqualTo("my-prompts");
        assertThat(config.promptExperiments()).containsExactly(
                new PromptExperimentSettings("general-tone", "general.system", List.of(1, 2), 0.1, 0.99, 100, 0.05),
                new PromptExperimentSettings("coder-style", "coder.system", List.of(1, 3, 4), 0.05, 0.99, 50, 0));
        assertThat(config.withEndpoints(List.of()).promptExperiments()).hasSize(2);
        assertThat(AppConfig.of(Map.of()).promptExperiments()).isEmpty();
    }

    @Test
    void should_read_the_dotted_form() throws IOException {
        AppConfig config = load("""
                prompts.experiments:
                  - {id: t, prompt: general.system, versions: [2, 1]}
                """);

        assertThat(config.promptExperiments()).extracting(PromptExperimentSettings::versions).containsExactly(List.of(2, 1));
    }

    @Test
    void should_name_what_is_wrong() {
        assertThatThrownBy(() -> load("prompts:\n  experiments:\n    - {id: t, prompt: general.system, versions: [1]}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("experiment 't' needs versions: a list of two or more");
        assertThatThrownBy(() -> load("prompts:\n  experiments:\n    - {id: t, prompt: general.system, versions: [1, 2], share: 0.2}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown field(s) [share]");
        assertThatThrownBy(() -> load("prompts:\n  experiments:\n    - {id: t, prompt: p, versions: [1, 2]}\n    - {id: t, prompt: q, versions: [1, 2]}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("declares experiment 't' twice");
        assertThatThrownBy(() -> load("prompts:\n  experiments:\n    - {id: t, prompt: p, versions: [1, 2], winner-at: high}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("winner-at must be a number");
    }
}
