package dev.maestro.tools.mcp;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class McpServerConfigTest {

    @Test
    void env_and_header_values_never_show() {
        McpServerConfig stdio = McpServerConfig.stdio("github", List.of("npx", "server-github"), Map.of("GITHUB_TOKEN", "ghp_s3cr3t"));
        McpServerConfig http = McpServerConfig.http("remote", "https://mcp.example/mcp", Map.of("Authorization", "Bearer sk-live-123"));
        assertThat(stdio.toString()).isEqualTo("McpServerConfig[name=github, command npx server-github, env={GITHUB_TOKEN=********}, headers={}]");
        assertThat(http.toString()).contains("Authorization=********").doesNotContain("sk-live-123");
        assertThat(new McpServer(http).toString()).doesNotContain("sk-live-123");
    }

    @Test
    void a_server_needs_a_command_or_a_url_and_a_plain_name() {
        assertThatThrownBy(() -> new McpServerConfig("x", List.of("a"), null, "http://h", null, null))
                .hasMessageContaining("exactly one of command (stdio) or url");
        assertThatThrownBy(() -> McpServerConfig.stdio("Git.Hub", List.of("a"), Map.of())).hasMessageContaining("must be lower-case");
    }
}
