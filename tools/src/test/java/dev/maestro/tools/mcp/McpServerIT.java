package dev.maestro.tools.mcp;

import dev.maestro.tools.RiskLevel;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolException;
import dev.maestro.tools.ToolInvoker;
import dev.maestro.tools.ToolRegistry;
import dev.maestro.tools.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real MCP servers from npm (installed by scripts/mcp-servers.sh), through LangChain4j's MCP client. */
class McpServerIT {

    final ToolInvoker invoker = new ToolInvoker();
    final Duration timeout = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void everything_over_stdio_lists_its_tools_and_echoes() {
        try (McpServer server = new McpServer(McpServerConfig.stdio("everything", McpServersOnDisk.node(McpServersOnDisk.everything(), "stdio"), Map.of()))) {
            List<Tool> tools = server.tools();
            assertThat(tools).extracting(Tool::name).contains("everything.echo", "everything.get-sum");
            Tool echo = find(tools, "everything.echo");
            assertThat(echo.specification().name()).isEqualTo("everything__echo");
            assertThat(echo.risk()).isEqualTo(RiskLevel.READ);
            assertThat(echo.source()).isEqualTo("mcp:everything");

            ToolResult r = invoker.invoke(echo, "{\"message\":\"hello from maestro\"}", timeout);
            assertThat(r.ok()).as(r.text()).isTrue();
            assertThat(r.text()).isEqualTo("Echo: hello from maestro");
            ToolResult sum = invoker.invoke(find(tools, "everything.get-sum"), "{\"a\":2,\"b\":40}", timeout);
            assertThat(sum.text()).contains("42");
            assertThat(invoker.invoke(echo, "{}", timeout).text()).startsWith("Invalid arguments for everything__echo").contains("message");
            assertThat(server.starts()).isEqualTo(1);
        }
    }

    @Test
    void everything_over_streamable_http_lists_and_calls() throws Exception {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(McpServersOnDisk.node(McpServersOnDisk.everything(), "streamableHttp"));
        pb.environment().put("PORT", String.valueOf(port));
        pb.redirectErrorStream(true).redirectOutput(temp.resolve("http-server.log").toFile());
        Process process = pb.start();
        try {
            awaitPort(port, process);
            McpServerConfig config = McpServerConfig.http("remote", "http://127.0.0.1:" + port + "/mcp", Map.of("X-Api-Key", "k-123"));
            try (McpServers servers = McpServers.of(List.of(config))) {
                ToolRegistry registry = servers.addTo(ToolRegistry.builder()).build();
                List<Tool> tools = registry.resolve("tester", List.of("mcp:remote.echo", "mcp:remote.get-*"));
                assertThat(tools).extracting(Tool::name).contains("remote.echo", "remote.get-sum").doesNotContain("remote.trigger-long-running-operation");
                ToolResult r = invoker.invoke(find(tools, "remote.echo"), "{\"message\":\"over http\"}", timeout);
                assertThat(r.text()).isEqualTo("Echo: over http");
            }
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void a_remote_server_that_went_away_is_connected_to_again_once_it_is_back() throws Exception {
        int port = freePort();
        McpServerConfig config = McpServerConfig.http("remote", "http://127.0.0.1:" + port + "/mcp", Map.of());
        Process first = httpServer(port);
        try (McpServer server = new McpServer(config)) {
            Tool echo = find(server.tools(), "remote.echo");
            assertThat(invoker.invoke(echo, "{\"message\":\"one\"}", timeout).text()).isEqualTo("Echo: one");
            first.destroyForcibly().waitFor();

            ToolResult down = invoker.invoke(echo, "{\"message\":\"two\"}", timeout);
            assertThat(down.ok()).isFalse();
            assertThat(down.text()).contains("MCP server remote failed the call to echo");

            Process second = httpServer(port);
            try {
                ToolResult back = invoker.invoke(find(server.tools(), "remote.echo"), "{\"message\":\"three\"}", timeout);
                assertThat(back.text()).isEqualTo("Echo: three");
                assertThat(server.starts()).isEqualTo(2);
            } finally {
                second.destroyForcibly().waitFor();
            }
        } finally {
            first.destroyForcibly().waitFor();
        }
    }

    private Process httpServer(int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(McpServersOnDisk.node(McpServersOnDisk.everything(), "streamableHttp"));
        pb.environment().put("PORT", String.valueOf(port));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(temp.resolve("http-" + port + ".log").toFile()));
        Process process = pb.start();
        awaitPort(port, process);
        return process;
    }

    @Test
    void filesystem_server_reads_and_lists_a_temp_folder() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("shared"));
        Files.writeString(folder.resolve("readme.txt"), "maestro was here");
        McpServerConfig config = McpServerConfig.stdio("fs", McpServersOnDisk.node(McpServersOnDisk.filesystem(), folder.toString()), Map.of());
        try (McpServer server = new McpServer(config)) {
            List<Tool> tools = server.tools();
            assertThat(tools).extracting(Tool::name).contains("fs.read_text_file", "fs.list_directory", "fs.write_file");
            assertThat(find(tools, "fs.write_file").risk()).isNotEqualTo(RiskLevel.READ);
            ToolResult listed = invoker.invoke(find(tools, "fs.list_directory"), "{\"path\":\"" + folder.toRealPath() + "\"}", timeout);
            assertThat(listed.text()).contains("readme.txt");
            ToolResult read = invoker.invoke(find(tools, "fs.read_text_file"), "{\"path\":\"" + folder.toRealPath().resolve("readme.txt") + "\"}", timeout);
            assertThat(read.text()).contains("maestro was here");
            ToolResult outside = invoker.invoke(find(tools, "fs.read_text_file"), "{\"path\":\"/etc/hostname\"}", timeout);
            assertThat(outside.ok()).isFalse();
            assertThat(outside.text()).contains("MCP tool fs.read_text_file reported an error").contains("denied");
        }
    }

    @Test
    void a_server_killed_mid_call_gives_an_error_result_and_is_started_again() throws Exception {
        Path pidFile = temp.resolve("pid");
        // sh records the pid, then becomes the server, so the test can kill -9 exactly the server process
        List<String> command = List.of("sh", "-c", "echo $$ > '" + pidFile + "'; exec node '" + McpServersOnDisk.everything() + "' stdio");
        try (McpServer server = new McpServer(McpServerConfig.stdio("flaky", command, Map.of()))) {
            List<Tool> tools = server.tools();
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            CompletableFuture<ToolResult> longCall = CompletableFuture.supplyAsync(() ->
                    invoker.invoke(find(tools, "flaky.trigger-long-running-operation"), "{\"duration\":20,\"steps\":20}", timeout));
            Thread.sleep(1500);
            assertThat(longCall).isNotDone();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            ToolResult crashed = longCall.get();
            assertThat(crashed.ok()).isFalse();
            assertThat(crashed.text()).contains("MCP server flaky stopped during the call to trigger-long-running-operation")
                    .contains("started again on the next call");

            ToolResult after = invoker.invoke(find(server.tools(), "flaky.echo"), "{\"message\":\"back\"}", timeout);
            assertThat(after.text()).isEqualTo("Echo: back");
            assertThat(server.starts()).isEqualTo(2);
            assertThat(Long.parseLong(Files.readString(pidFile).strip())).isNotEqualTo(pid);
        }
    }

    @Test
    void a_server_that_exits_at_start_is_named_with_what_it_printed() {
        List<String> command = List.of("node", "-e", "console.error('boom: GITHUB_TOKEN is not set'); process.exit(3)");
        McpServerConfig config = McpServerConfig.stdio("github", command, Map.of("GITHUB_TOKEN_FILE", "/run/secret-value-xyz"));
        try (McpServer server = new McpServer(config)) {
            assertThatThrownBy(server::tools)
                    .isInstanceOf(ToolException.class)
                    .hasMessageContaining("MCP server github (command node -e")
                    .hasMessageContaining("failed to start")
                    .hasMessageContaining("It exited with code 3")
                    .hasMessageContaining("It printed: boom: GITHUB_TOKEN is not set")
                    .message().doesNotContain("secret-value-xyz");
        }
    }

    @Test
    void a_server_that_never_answers_times_out_at_start() {
        List<String> command = List.of("node", "-e", "console.error('waiting forever'); setTimeout(() => {}, 60000)");
        McpServerConfig config = McpServerConfig.stdio("silent", command, Map.of()).withStartTimeout(Duration.ofSeconds(2));
        try (McpServer server = new McpServer(config)) {
            assertThatThrownBy(server::tools)
                    .isInstanceOf(ToolException.class)
                    .hasMessageContaining("MCP server silent")
                    .hasMessageContaining("failed to start")
                    .hasMessageContaining("TimeoutException")
                    .hasMessageContaining("It printed: waiting forever");
        }
    }

    @Test
    void a_command_that_does_not_exist_says_so() {
        McpServerConfig config = McpServerConfig.stdio("ghost", List.of("no-such-mcp-server-binary"), Map.of());
        try (McpServer server = new McpServer(config)) {
            assertThatThrownBy(server::tools)
                    .isInstanceOf(ToolException.class)
                    .hasMessageContaining("MCP server ghost (command no-such-mcp-server-binary) failed to start")
                    .hasMessageContaining("not found");
        }
    }

    private static Tool find(List<Tool> tools, String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not among " + tools));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the streamable HTTP server exited with " + process.exitValue());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the streamable HTTP server did not listen on " + port + " within 20 s");
    }
}
