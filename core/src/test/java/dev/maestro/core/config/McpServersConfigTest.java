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

/** {@code mcp.servers} in maestro.yaml: both transports, variables from the environment, masking, and the errors. */
class McpServersConfigTest {

    @TempDir
    Path dir;

    private AppConfig load(String yaml, Map<String, String> env) throws IOException {
        Files.writeString(dir.resolve("maestro.yaml"), yaml);
        return new ConfigLoader(env, dir).load(null, List.of());
    }

    @Test
    void should_read_a_stdio_and_an_http_server_with_secrets_from_the_environment() throws IOException {
        AppConfig config = load("""
                mcp:
                  servers:
                    - name: fs
                      command: [npx, -y]
                      args: ["@modelcontextprotocol/server-filesystem", /tmp/docs]
                      env:
                        GITHUB_TOKEN: ${GH_TOKEN}
                      start-timeout: 45s
                    - name: remote
                      url: https://mcp.example.org/mcp
                      headers:
                        Authorization: Bearer ${REMOTE_TOKEN}
                provider: ollama
                """, Map.of("GH_TOKEN", "ghp-SECRET-1", "REMOTE_TOKEN", "tok-SECRET-2"));

        assertThat(config.mcpServers()).hasSize(2);
        McpServerSettings fs = config.mcpServers().get(0);
        assertThat(fs.name()).isEqualTo("fs");
        assertThat(fs.command()).containsExactly("npx", "-y", "@modelcontextprotocol/server-filesystem", "/tmp/docs");
        assertThat(fs.env()).containsEntry("GITHUB_TOKEN", "ghp-SECRET-1");
        assertThat(fs.startTimeout()).isEqualTo(Duration.ofSeconds(45));
        McpServerSettings remote = config.mcpServers().get(1);
        assertThat(remote.url()).isEqualTo("https://mcp.example.org/mcp");
        assertThat(remote.headers()).containsEntry("Authorization", "Bearer tok-SECRET-2");
        assertThat(remote.startTimeout()).isEqualTo(Duration.ofSeconds(30));
        // secrets never show in what is printed
        assertThat(config.mcpServers().toString()).doesNotContain("SECRET").contains("GITHUB_TOKEN=********").contains("Authorization=********");
    }

    @Test
    void should_accept_the_dotted_key_too() throws IOException {
        AppConfig config = load("""
                mcp.servers:
                  - name: echo
                    command: node echo.js
                """, Map.of());

        assertThat(config.mcpServers()).singleElement().satisfies(s -> assertThat(s.command()).containsExactly("node echo.js"));
    }

    @Test
    void should_have_no_servers_by_default() throws IOException {
        assertThat(load("provider: ollama\n", Map.of()).mcpServers()).isEmpty();
        assertThat(AppConfig.of(Map.of()).mcpServers()).isEmpty();
    }

    @Test
    void should_name_what_is_wrong_with_an_entry() {
        assertError("""
                mcp:
                  servers:
                    - name: fs
                      command: node
                      cwd: /tmp
                """, "unknown field(s) [cwd]", "valid fields");
        assertError("""
                mcp:
                  servers:
                    - name: fs
                      command: node
                      url: http://127.0.0.1:1/mcp
                """, "server 'fs' needs exactly one of command", "url");
        assertError("""
                mcp:
                  servers:
                    - name: fs
                """, "server 'fs' needs exactly one of command");
        assertError("""
                mcp:
                  servers:
                    - name: Bad Name
                      command: node
                """, "needs a name of lower-case letters", "'Bad Name'");
        assertError("""
                mcp:
                  servers:
                    - {name: a, command: node}
                    - {name: a, command: node}
                """, "declares server 'a' twice");
        assertError("""
                mcp:
                  servers:
                    - name: fs
                      command: node
                      env:
                        TOKEN: ${NOT_SET_ANYWHERE}
                """, "uses ${NOT_SET_ANYWHERE}, which is not set in the environment");
        assertError("""
                mcp:
                  servers:
                    - name: remote
                      url: ftp://example.org
                """, "url must start with http:// or https://");
        assertError("""
                mcp:
                  servers:
                    - name: remote
                      url: http://127.0.0.1:1/mcp
                      env: {A: b}
                """, "env applies to a command");
        assertError("""
                mcp:
                  servers:
                    - name: fs
                      command: node
                      start-timeout: soon
                """, "start-timeout must be a duration");
        assertError("""
                mcp:
                  servers: {name: fs}
                """, "must be a list of servers");
    }

    private void assertError(String yaml, String... fragments) {
        assertThatThrownBy(() -> load(yaml, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mcp.servers")
                .hasMessageContaining(fragments[0])
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }

    @Test
    void should_check_the_tools_settings() {
        assertThat(AppConfig.of(Map.of(Setting.TOOLS_HTTP_ALLOW, " API.github.com, 127.0.0.1 ,")).toolsHttpAllow())
                .containsExactly("api.github.com", "127.0.0.1");
        assertThatThrownBy(() -> AppConfig.of(Map.of(Setting.TOOLS_HTTP_ALLOW, "https://api.github.com/")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tools.http-allow").hasMessageContaining("no scheme");
        assertThatThrownBy(() -> AppConfig.of(Map.of(Setting.TOOLS_CALL_TIMEOUT, "forever")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tools.call-timeout");
        assertThatThrownBy(() -> AppConfig.of(Map.of(Setting.TOOLS_MAX_ITERATIONS, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tools.max-iterations");
        AppConfig defaults = AppConfig.of(Map.of());
        assertThat(defaults.toolsMaxIterations()).isEqualTo(8);
        assertThat(defaults.toolsCallTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.toolsTurnBudget()).isEqualTo(Duration.ofSeconds(120));
        assertThat(defaults.toolsWorkspace()).isEmpty();
        assertThat(defaults.toolsRedactArguments()).isFalse();
    }
}
