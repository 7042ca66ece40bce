package dev.maestro.spring;

import dev.maestro.core.ConfigException;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaestroSettingsTest {

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new MapPropertySource("application.yml", properties));
        return env;
    }

    @Test
    void should_map_properties_onto_maestro_keys_with_relaxed_names() {
        StandardEnvironment env = environment(Map.of(
                "maestro.provider", "openai",
                "maestro.provider.read-timeout", "30s",
                "maestro.ollama.baseUrl", "http://127.0.0.1:1",
                "maestro.memory.context_tokens", "900",
                "maestro.chat.model", "${model.name}",
                "model.name", "qwen2.5"));

        Map<String, String> settings = MaestroSettings.from(env);

        assertThat(settings).containsExactlyInAnyOrderEntriesOf(Map.of(
                "provider", "openai",
                "provider.read-timeout", "30s",
                "ollama.base-url", "http://127.0.0.1:1",
                "memory.context-tokens", "900",
                "chat.model", "qwen2.5"));
    }

    @Test
    void should_reject_an_unknown_property_naming_it_and_the_valid_keys() {
        StandardEnvironment env = environment(Map.of("maestro.chat.modle", "qwen2.5", "maestro.chat.model", "qwen2.5"));

        assertThatThrownBy(() -> MaestroSettings.from(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Unknown Maestro property maestro.chat.modle")
                .hasMessageContaining("Fix or remove it")
                .hasMessageContaining("chat.model, ollama.base-url")
                .hasMessageNotContaining("server.rate-limit");
    }

    @Test
    void should_say_why_server_keys_do_not_apply() {
        StandardEnvironment env = environment(Map.of("maestro.server.rate-limit", "5/s"));

        assertThatThrownBy(() -> MaestroSettings.from(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("maestro.server.rate-limit")
                .hasMessageContaining("configure `maestro serve`, which a Spring application does not run");
    }

    @Test
    void should_read_known_environment_variables_and_leave_other_maestro_variables_alone() {
        StandardEnvironment env = environment(Map.of());
        env.getPropertySources().addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("MAESTRO_CHAT_MODEL", "llama3.2", "MAESTRO_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres",
                        "MAESTRO_JAVA_OPTS", "-Xmx1g")));

        assertThat(MaestroSettings.from(env)).containsExactlyEntriesOf(Map.of("chat.model", "llama3.2"));
    }

    @Test
    void should_leave_out_what_is_not_set() {
        assertThat(MaestroSettings.from(environment(Map.of("spring.application.name", "demo")))).isEmpty();
    }
}
