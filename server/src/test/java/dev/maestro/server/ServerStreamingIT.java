package dev.maestro.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.Maestro;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs over Server-Sent Events: order of events, the final event, cancellation on disconnect, approvals. */
class ServerStreamingIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    record Frame(String event, JsonNode data) {
    }

    static List<Frame> frames(String body) throws Exception {
        List<Frame> frames = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String event = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (event != null) {
                frames.add(new Frame(event, TestServer.JSON.readTree(data)));
            }
        }
        return frames;
    }

    @Test
    void should_serve_the_benchmark_load_client_stream_after_stream_on_one_connection() {
        // given
        ollama.streamTokens(List.of("one ", "two ", "three ", "four"), 7, 4);
        AppConfig config = TestServer.config(db, ollama, Map.of());
        try (TestServer server = TestServer.start(config, db);
             dev.maestro.server.SseLoadClient client = new dev.maestro.server.SseLoadClient("127.0.0.1", server.port())) {
            String conversation = server.conversation(null);
            String path = "/api/conversations/" + conversation + "/messages";

            // when
            var first = client.stream(path, "{\"content\": \"count\", \"stream\": true}");
            var second = client.stream(path, "{\"content\": \"again\", \"stream\": true}");
            var refused = client.stream("/api/conversations/" + UUID.randomUUID() + "/messages", "{\"content\": \"x\", \"stream\": true}");

            // then
            for (var s : List.of(first, second)) {
                assertThat(s.error()).isNull();
                assertThat(s.tokens()).isEqualTo(4);
                assertThat(s.ttftNanos()).isPositive();
            }
            assertThat(refused.error()).isEqualTo("HTTP 404");
        }
    }

    @Test
    void should_stream_graph_events_then_tokens_in_order_then_a_final_event_with_usage_and_timings() throws Exception {
        // given
        ollama.streamTokens(List.of("Vectors ", "are ", "lists."), 21, 3);
        AppConfig config = TestServer.config(db, ollama, Map.of());
        try (TestServer server = TestServer.start(config, db)) {
            String conversation = server.conversation(null);

            // when
            var r = server.post("/api/conversations/" + conversation + "/messages", "{\"content\": \"What is a vector?\", \"stream\": true}", null);

            // then
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("text/event-stream");
            List<Frame> frames = frames(r.body());
            List<String> names = frames.stream().map(Frame::event).toList();
            assertThat(names.get(0)).isEqualTo("run");
            assertThat(names.get(1)).isEqualTo("run_started");
            assertThat(names.getLast()).isEqualTo("done");
            int agentStarted = indexOf(frames, "node_started", "general");
            int firstToken = names.indexOf("token");
            int lastToken = names.lastIndexOf("token");
            int finished = names.indexOf("run_finished");
            assertThat(agentStarted).isPositive().isLessThan(firstToken);
            assertThat(lastToken).isLessThan(indexOf(frames, "node_finished", "general")).isLessThan(finished);
            assertThat(frames.stream().filter(f -> f.event().equals("token")).map(f -> f.data().get("text").asText()))
                    .containsExactly("Vectors ", "are ", "lists.");
            JsonNode done = frames.getLast().data();
            assertThat(done.get("answer").asText()).isEqualTo("Vectors are lists.");
            assertThat(done.at("/usage/input_tokens").asInt()).isEqualTo(21);
            assertThat(done.at("/usage/output_tokens").asInt()).isEqualTo(3);
            assertThat(done.at("/timings/first_token_ms").isNumber()).isTrue();
            assertThat(done.at("/timings/node_ms/general").isNumber()).isTrue();
            assertThat(done.get("run_id").asText()).isEqualTo(frames.get(0).data().get("run_id").asText());
        }
    }

    @Test
    void should_cancel_the_run_when_the_client_disconnects() throws Exception {
        // given: a model that takes 10 s to answer, 20 ms per token
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        AppConfig config = TestServer.config(db, ollama, Map.of());
        Maestro maestro = TestServer.maestro(Maestro.builder().config(config).streamingChatModel(new PacedStreamingModel(500, Duration.ofMillis(20), scheduler)), config, db);
        try (TestServer server = TestServer.start(config, db, maestro, null)) {
            String conversation = server.conversation(null);
            String body = "{\"content\": \"count\", \"stream\": true}";
            String runId;
            long start = System.nanoTime();

            // when: read until the first token, then hang up
            try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/conversations/" + conversation + "/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                runId = null;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("data: {\"run_id\"")) {
                        runId = TestServer.JSON.readTree(line.substring(6)).get("run_id").asText();
                    }
                    if (line.equals("event: token")) {
                        break;
                    }
                }
            }

            // then: the run ends as cancelled long before the model would have finished
            String id = runId;
            assertThat(id).isNotNull();
            TestServer.eventually(Duration.ofSeconds(5), () -> "cancelled".equals(status(id)));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
            var run = server.get("/api/runs/" + id, null).json();
            assertThat(run.get("error").asText()).contains("client disconnected");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void should_wait_for_approval_of_a_supervised_agent_and_resume_through_the_api() {
        // given
        String agents = TestServer.tempFile("supervised.yaml", """
                agents:
                  - name: general
                    prompt: general.system
                    supervised: true
                """).toString();
        AppConfig config = TestServer.config(db, ollama, Map.of(Setting.AGENTS_FILE, agents));
        ollama.streamTokens(List.of("Done."), 5, 1);
        try (TestServer server = TestServer.start(config, db)) {
            String conversation = server.conversation(null);

            // when
            var first = server.post("/api/conversations/" + conversation + "/messages", "{\"content\": \"delete the logs\"}", null).json();
            var pending = server.get("/api/conversations/" + conversation, null).json();
            var approved = server.post("/api/conversations/" + conversation + "/approval", "{\"decision\": \"approve\"}", null);

            // then
            assertThat(first.get("status").asText()).isEqualTo("interrupted");
            assertThat(first.get("pending_agent").asText()).isEqualTo("general");
            assertThat(pending.get("pending_approval").asText()).isEqualTo("general");
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            assertThat(approved.json().get("answer").asText()).isEqualTo("Done.");
            assertThat(server.post("/api/conversations/" + conversation + "/approval", "{\"decision\": \"approve\"}", null).status()).isEqualTo(409);
            assertThat(ollama.requestCount()).isEqualTo(1);
        }
    }

    private static int indexOf(List<Frame> frames, String event, String node) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).event().equals(event) && frames.get(i).data().path("node").asText().equals(node)) {
                return i;
            }
        }
        return -1;
    }

    private static String status(String runId) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("select status from api_runs where id = ?")) {
            st.setObject(1, UUID.fromString(runId));
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
