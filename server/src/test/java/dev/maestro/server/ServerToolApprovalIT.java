package dev.maestro.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import dev.maestro.testkit.StubToolCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A write tool call waits for approval over HTTP: shown on the conversation, approved or rejected through the approval endpoint. */
class ServerToolApprovalIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    @TempDir
    Path dir;

    private AppConfig config(Path workspace) {
        String agents = TestServer.tempFile("scribe.yaml", """
                agents:
                  - name: scribe
                    prompt: general.system
                    tools: [write_file]
                """).toString();
        return TestServer.config(db, ollama, Map.of(Setting.AGENTS_FILE, agents, Setting.TOOLS_WORKSPACE, workspace.toString()));
    }

    @Test
    void should_show_the_pending_call_and_run_it_once_approved_streaming_its_result() throws Exception {
        // given
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        ollama.streamTokens(List.of("Saved."), 5, 1)
                .callToolsFirst(List.of(new StubToolCall("call_1", "write_file", "{\"path\": \"todo.txt\", \"content\": \"ship it\"}")));
        try (TestServer server = TestServer.start(config(workspace), db)) {
            String conversation = server.conversation(null);

            // when: the turn pauses before the write; the operator looks, then approves with a stream
            var first = server.post("/api/conversations/" + conversation + "/messages", "{\"content\": \"note: ship it\"}", null).json();
            JsonNode pending = server.get("/api/conversations/" + conversation, null).json();
            boolean writtenBeforeApproval = Files.exists(workspace.resolve("todo.txt"));
            var approved = server.post("/api/conversations/" + conversation + "/approval", "{\"decision\": \"approve\", \"stream\": true}", null);

            // then
            assertThat(first.get("status").asText()).isEqualTo("interrupted");
            assertThat(pending.get("pending_tool_call").get("tool").asText()).isEqualTo("write_file");
            assertThat(pending.get("pending_tool_call").get("risk").asText()).isEqualTo("write");
            assertThat(pending.get("pending_tool_call").get("agent").asText()).isEqualTo("scribe");
            assertThat(pending.get("pending_tool_call").get("arguments").asText()).contains("todo.txt").contains("ship it");
            assertThat(writtenBeforeApproval).isFalse();
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            List<ServerStreamingIT.Frame> frames = ServerStreamingIT.frames(approved.body());
            assertThat(frames).filteredOn(f -> f.event().equals("tool_result")).singleElement()
                    .satisfies(f -> {
                        assertThat(f.data().get("tool").asText()).isEqualTo("write_file");
                        assertThat(f.data().get("ok").asBoolean()).isTrue();
                    });
            assertThat(frames.get(frames.size() - 1).event()).isEqualTo("done");
            assertThat(frames.get(frames.size() - 1).data().get("answer").asText()).isEqualTo("Saved.");
            assertThat(Files.readString(workspace.resolve("todo.txt"))).isEqualTo("ship it");
            assertThat(server.get("/api/conversations/" + conversation, null).json().has("pending_tool_call")).isFalse();
            assertThat(server.get("/metrics", null).body()).contains("maestro_tool_calls_seconds_count{outcome=\"ok\",tool=\"write_file\"} 1");
        }
    }

    @Test
    void should_not_run_a_rejected_call() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws2"));
        ollama.streamTokens(List.of("Not saved."), 5, 1)
                .callToolsFirst(List.of(new StubToolCall("call_1", "write_file", "{\"path\": \"todo.txt\", \"content\": \"x\"}")));
        try (TestServer server = TestServer.start(config(workspace), db)) {
            String conversation = server.conversation(null);

            server.post("/api/conversations/" + conversation + "/messages", "{\"content\": \"note: x\"}", null);
            var rejected = server.post("/api/conversations/" + conversation + "/approval", "{\"decision\": \"reject\"}", null);

            assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
            assertThat(rejected.json().get("answer").asText()).isEqualTo("Not saved.");
            assertThat(workspace.resolve("todo.txt")).doesNotExist();
            // a refused call is a call that failed, for the metrics
            assertThat(server.get("/metrics", null).body()).contains("maestro_tool_calls_seconds_count{outcome=\"error\",tool=\"write_file\"} 1");
        }
    }
}
