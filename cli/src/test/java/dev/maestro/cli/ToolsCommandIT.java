package dev.maestro.cli;

import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import dev.maestro.testkit.StubToolCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tools from the terminal: approving and rejecting a write call in chat (Ollama's wire format), and {@code tools list}. */
class ToolsCommandIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    @TempDir
    Path dir;

    private Map<String, String> env(Path workspace) throws IOException {
        Path agents = Files.writeString(dir.resolve("agents.yaml"), """
                agents:
                  - name: scribe
                    prompt: general.system
                    tools: [write_file, list_files, calculator]
                """);
        Map<String, String> env = new HashMap<>();
        env.put("MAESTRO_DB_URL", db.jdbcUrl());
        env.put("MAESTRO_DB_USER", db.user());
        env.put("MAESTRO_DB_PASSWORD", db.password());
        env.put("MAESTRO_OLLAMA_BASE_URL", ollama.baseUrl());
        env.put("MAESTRO_MEMORY_FACTS", "false");
        env.put("MAESTRO_MAX_ATTEMPTS", "1");
        env.put("MAESTRO_AGENTS_FILE", agents.toString());
        env.put("MAESTRO_TOOLS_WORKSPACE", workspace.toString());
        return env;
    }

    @Test
    void should_show_a_write_call_with_its_arguments_and_run_it_only_once_approved() throws IOException {
        // given: the model asks to write a file; write tools wait for approval unless the agent is autonomous
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        ollama.streamTokens(List.of("Saved."), 5, 1)
                .callToolsFirst(List.of(new StubToolCall("call_1", "write_file", "{\"path\": \"note.txt\", \"content\": \"buy milk\"}")));

        // when
        CliRun run = CliRun.of(env(workspace), "save a note: buy milk\n/approve\n".getBytes(StandardCharsets.UTF_8), "chat");

        // then: the operator saw the tool and its arguments, and the file exists after the approval only
        assertThat(run.out()).contains("[waiting for approval: scribe wants to call write_file (write) with "
                + "{\"path\":\"note.txt\",\"content\":\"buy milk\"} — /approve or /reject]");
        assertThat(run.out()).contains("Saved.");
        assertThat(run.out()).containsPattern("\\[route scribe · agents scribe · .* · tools write_file ok \\d+ ms]");
        assertThat(Files.readString(workspace.resolve("note.txt"))).isEqualTo("buy milk");
    }

    @Test
    void should_not_run_a_rejected_call_and_tell_the_model_so() throws IOException {
        Path workspace = Files.createDirectories(dir.resolve("ws2"));
        ollama.streamTokens(List.of("I did not save it."), 5, 1)
                .callToolsFirst(List.of(new StubToolCall("call_1", "write_file", "{\"path\": \"note.txt\", \"content\": \"x\"}")));

        CliRun run = CliRun.of(env(workspace), "save a note\n/reject\n".getBytes(StandardCharsets.UTF_8), "chat");

        assertThat(run.out()).contains("wants to call write_file").contains("I did not save it.");
        assertThat(run.out()).containsPattern("· tools write_file error \\d+ ms]");
        assertThat(workspace.resolve("note.txt")).doesNotExist();
        // the model's second request carries the refusal as the call's error result
        assertThat(ollama.requests()).anySatisfy(r -> assertThat(r.body()).contains("status=\\\"error\\\"").contains("The operator did not approve this WRITE call of write_file"));
    }

    @Test
    void should_ask_for_a_supervised_agent_and_then_for_each_of_its_calls_read_ones_included() throws IOException {
        Path agents = Files.writeString(dir.resolve("supervised.yaml"), """
                agents:
                  - name: counter
                    prompt: general.system
                    supervised: true
                    tools: [calculator]
                """);
        Map<String, String> env = env(Files.createDirectories(dir.resolve("ws4")));
        env.put("MAESTRO_AGENTS_FILE", agents.toString());
        ollama.streamTokens(List.of("It is 42."), 5, 1)
                .callToolsFirst(List.of(new StubToolCall("call_1", "calculator", "{\"expression\": \"6 * 7\"}")));

        CliRun run = CliRun.of(env, "what is 6*7\n/approve\n/approve\n".getBytes(StandardCharsets.UTF_8), "chat");

        assertThat(run.out()).contains("[waiting for approval: the counter agent is supervised");
        assertThat(run.out()).contains("[waiting for approval: counter wants to call calculator (read) with");
        assertThat(run.out()).contains("It is 42.").containsPattern("tools calculator ok \\d+ ms]");
    }

    @Test
    void should_list_an_agents_tools_with_source_risk_and_schema() throws IOException {
        CliRun run = CliRun.of(env(Files.createDirectories(dir.resolve("ws3"))), "tools", "list", "--agent", "scribe");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("scribe (3 tools)");
        assertThat(run.out()).containsPattern("write_file +write +builtin");
        assertThat(run.out()).containsPattern("calculator +read +builtin");
        assertThat(run.out()).contains("\"required\":[\"path\",\"content\"]");
    }

    @Test
    void should_say_which_setting_a_declared_tool_needs() throws IOException {
        Map<String, String> env = env(dir);
        env.remove("MAESTRO_TOOLS_WORKSPACE");

        CliRun run = CliRun.of(env, "tools", "list");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Agent scribe declares tool 'write_file', which needs tools.workspace (MAESTRO_TOOLS_WORKSPACE)");
    }
}
