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

/** {@code endpoints} in maestro.yaml: named model servers, their keys from the environment, masking, and the errors. */
class EndpointsConfigTest {

    @TempDir
    Path dir;

    private AppConfig load(String yaml, Map<String, String> env) throws IOException {
        Files.writeString(dir.resolve("maestro.yaml"), yaml);
        return new ConfigLoader(env, dir).load(null, List.of());
    }

    @Test
    void should_read_named_endpoints_with_keys_from_the_environment() throws IOException {
        AppConfig config = load("""
                provider: ollama
                endpoints:
                  - name: vllm
                    base-url: http://gpu-box:8000/v1/
                    api-key: ${VLLM_KEY}
                  - name: box2
                    provider: ollama
                    base-url: http://box2:11434
                """, Map.of("VLLM_KEY", "vk-SECRET-1"));

        assertThat(config.endpoints()).extracting(EndpointSettings::name).containsExactly("vllm", "box2");
        EndpointSettings vllm = config.endpoint("vllm").orElseThrow();
        assertThat(vllm.provider()).isEqualTo(Provider.OPENAI);
        assertThat(vllm.baseUrl()).isEqualTo("http://gpu-box:8000/v1");
        assertThat(vllm.apiKey()).isEqualTo("vk-SECRET-1");
        assertThat(config.endpoint("box2").orElseThrow().provider()).isEqualTo(Provider.OLLAMA);
        assertThat(config.endpoint("box2").orElseThrow().apiKey()).isEmpty();
        assertThat(config.endpoints().toString()).doesNotContain("SECRET").contains("api-key=********");
        assertThat(AppConfig.of(Map.of()).endpoints()).isEmpty();
        // the MCP servers and the endpoints survive each other's replacement
        assertThat(config.withMcpServers(List.of()).endpoints()).hasSize(2);
    }

    @Test
    void should_name_what_is_wrong_with_an_entry() {
        assertError("endpoints:\n  - name: vllm\n", "endpoint 'vllm' needs a base-url starting with http://");
        assertError("endpoints:\n  - name: openai\n    base-url: http://x\n", "already means the configured openai endpoint");
        assertError("endpoints:\n  - name: Big Box\n    base-url: http://x\n", "needs a name of lower-case letters");
        assertError("endpoints:\n  - name: a\n    base-url: http://x\n  - name: a\n    base-url: http://y\n", "declares endpoint 'a' twice");
        assertError("endpoints:\n  - name: a\n    url: http://x\n", "unknown field(s) [url]");
        assertError("endpoints:\n  - name: a\n    provider: anthropic\n    base-url: http://x\n", "provider must be openai");
        assertError("endpoints:\n  - name: a\n    base-url: http://x\n    api-key: ${NOT_SET_HERE}\n",
                "uses ${NOT_SET_HERE}, which is not set");
        assertError("endpoints: {name: a}\n", "must be a list of endpoints");
    }

    private void assertError(String yaml, String expected) {
        assertThatThrownBy(() -> load(yaml, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("endpoints in ").hasMessageContaining(expected);
    }
}
