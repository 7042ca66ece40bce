package dev.maestro.core.config;

import dev.maestro.core.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private AppConfig load(Map<String, String> env, List<String> flags) {
        return new ConfigLoader(env, dir).load(null, flags);
    }

    @Test
    void should_use_documented_defaults() {
        AppConfig config = load(Map.of(), List.of());

        assertThat(config.provider()).isEqualTo(Provider.OLLAMA);
        assertThat(config.chatModel()).isEqualTo("llama3.2");
        assertThat(config.ollamaBaseUrl()).isEqualTo("http://localhost:11434");
        assertThat(config.embeddingProvider()).isEqualTo(EmbeddingProvider.ONNX);
        assertThat(config.embeddingModel()).isEqualTo("bge-small-en-v1.5-q");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.dbUrl()).isEmpty();
        assertThat(config.maxPromptChars()).isEqualTo(32000);
    }

    @Test
    void should_layer_file_then_env_then_flags() throws IOException {
        Files.writeString(dir.resolve("maestro.yaml"), """
                provider: openai
                chat:
                  model: from-file
                openai.base-url: http://file:1/v1
                prompt:
                  max-chars: 100
                """);

        AppConfig config = load(Map.of("MAESTRO_CHAT_MODEL", "from-env", "MAESTRO_MAX_PROMPT_CHARS", "200"),
                List.of("prompt.max-chars=300"));

        assertThat(config.provider()).isEqualTo(Provider.OPENAI);
        assertThat(config.source(Setting.PROVIDER)).isEqualTo(AppConfig.Source.FILE);
        assertThat(config.chatModel()).isEqualTo("from-env");
        assertThat(config.openAiBaseUrl()).isEqualTo("http://file:1/v1");
        assertThat(config.maxPromptChars()).isEqualTo(300);
        assertThat(config.source(Setting.MAX_PROMPT_CHARS)).isEqualTo(AppConfig.Source.FLAG);
    }

    @Test
    void should_reject_unknown_file_keys_listing_the_valid_ones() throws IOException {
        Files.writeString(dir.resolve("maestro.yaml"), "chat:\n  modle: x\n");

        assertThatThrownBy(() -> load(Map.of(), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown key(s) [chat.modle]")
                .hasMessageContaining("Valid keys: provider, chat.model");
    }

    @Test
    void should_reject_unknown_maestro_env_vars_and_flags() {
        assertThatThrownBy(() -> load(Map.of("MAESTRO_PROVIDR", "openai"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[MAESTRO_PROVIDR]")
                .hasMessageContaining("MAESTRO_PROVIDER");
        assertThatThrownBy(() -> load(Map.of(), List.of("nope=1")))
                .hasMessageContaining("Unknown key 'nope'");
        assertThatThrownBy(() -> load(Map.of(), List.of("novalue")))
                .hasMessageContaining("--set expects key=value");
    }

    @Test
    void should_name_the_key_of_a_malformed_value() {
        assertThatThrownBy(() -> load(Map.of("MAESTRO_READ_TIMEOUT", "soon"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'soon' for provider.read-timeout (MAESTRO_READ_TIMEOUT): expected a duration such as 500ms, 10s, 2m or 1h.");
        assertThatThrownBy(() -> load(Map.of("MAESTRO_PROVIDER", "claude"), List.of()))
                .hasMessageContaining("expected ollama or openai");
        assertThatThrownBy(() -> load(Map.of("MAESTRO_DB_URL", "postgres://x"), List.of()))
                .hasMessageContaining("JDBC URL");
        assertThatThrownBy(() -> load(Map.of("MAESTRO_MAX_ATTEMPTS", "0"), List.of()))
                .hasMessageContaining("a whole number from 1 to 20");
    }

    @Test
    void should_fail_clearly_on_a_missing_explicit_file() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(), dir).load(Path.of("missing.yaml"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing.yaml does not exist");
    }

    @Test
    void should_mask_secrets_everywhere_they_are_shown() {
        AppConfig config = load(Map.of("OPENAI_API_KEY", "sk-live-SECRET", "MAESTRO_DB_PASSWORD", "pw-SECRET"), List.of());

        assertThat(config.masked().get(Setting.OPENAI_API_KEY)).isEqualTo(AppConfig.MASK);
        assertThat(config.masked().get(Setting.DB_PASSWORD)).isEqualTo(AppConfig.MASK);
        assertThat(config.toString()).doesNotContain("SECRET");
        assertThat(config.openAiApiKey()).isEqualTo("sk-live-SECRET");
    }

    @Test
    void readme_should_document_every_setting_with_its_default() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));

        for (Setting s : Setting.values()) {
            String def = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
            assertThat(readme).as("README row for " + s.key())
                    .contains("| `" + s.key() + "` | `" + s.env() + "` | " + def + " |");
        }
    }
}
