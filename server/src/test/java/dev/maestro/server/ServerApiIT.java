package dev.maestro.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maestro.core.config.Setting;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON API end to end: server on port 0 → graph → WireMock Ollama, with a real PostgreSQL; every error path. */
class ServerApiIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    static final AtomicReference<String> ingested = new AtomicReference<>();
    static TestServer server;

    @BeforeAll
    static void start() {
        var config = TestServer.config(db, ollama, Map.of(Setting.SERVER_MAX_BODY_BYTES, "2048", Setting.MAX_PROMPT_CHARS, "500",
                Setting.SERVER_MAX_UPLOAD_BYTES, "4096"));
        server = TestServer.start(config, db, TestServer.maestro(config, db), (collection, file) -> {
            ingested.set(collection + " " + file.getFileName());
            return "1 added";
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void should_answer_a_message_and_keep_history_runs_events_and_feedback() {
        // given
        ollama.streamTokens(List.of("Vectors ", "are ", "lists."), 21, 3);
        String conversation = server.conversation(null);

        // when
        var r = server.post("/api/conversations/" + conversation + "/messages", "{\"content\": \"What is a vector?\"}", null);

        // then
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("answer").asText()).isEqualTo("Vectors are lists.");
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(21);
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(3);
        assertThat(body.at("/timings/latency_ms").isNumber()).isTrue();
        assertThat(body.get("prompts").get(0).asText()).isEqualTo("general.system@v1");
        String run = body.get("run_id").asText();

        var history = server.get("/api/conversations/" + conversation + "/messages", null).json().get("messages");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("role").asText()).isEqualTo("user");
        assertThat(history.get(0).get("content").asText()).isEqualTo("What is a vector?");
        assertThat(history.get(1).get("content").asText()).isEqualTo("Vectors are lists.");

        var runs = server.get("/api/runs?conversation=" + conversation, null).json().get("runs");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("id").asText()).isEqualTo(run);
        assertThat(runs.get(0).get("output_tokens").asInt()).isEqualTo(3);
        assertThat(runs.get(0).get("prompt").asText()).as("the run records the prompt version that answered").isEqualTo("general.system@v1");

        var events = server.get("/api/runs/" + run + "/events", null).json().get("events");
        List<String> types = events.findValuesAsText("type");
        assertThat(types).contains("run_started", "node_started", "token", "usage", "run_finished");
        assertThat(types.stream().filter("token"::equals).count()).as("consecutive tokens merged").isEqualTo(1);

        var feedback = server.post("/api/runs/" + run + "/feedback", "{\"rating\": \"up\", \"comment\": \"good\"}", null);
        assertThat(feedback.status()).as(feedback.body()).isEqualTo(201);
        assertThat(feedback.json().get("prompt_experiment_arms")).as("no experiment covers general.system").isEmpty();
        assertThat(server.conversation(null)).isNotEqualTo(conversation);
        var list = server.get("/api/conversations", null).json().get("conversations");
        assertThat(list.findValuesAsText("id")).contains(conversation);
    }

    @Test
    void should_accept_an_upload_with_202_and_ingest_it_in_the_background() {
        // when
        var r = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/documents?collection=notes&filename=a.md")))
                .header("Content-Type", "text/markdown").POST(HttpRequest.BodyPublishers.ofString("# Title\nText")), null);

        // then
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().get("id").asText();
        assertThat(r.header("Location")).isEqualTo("/api/documents/" + id);
        TestServer.eventually(Duration.ofSeconds(10), () -> server.get("/api/documents/" + id, null).json().get("status").asText().equals("ingested"));
        assertThat(ingested.get()).isEqualTo("default:notes a.md");
    }

    @Test
    void should_answer_liveness_readiness_and_metrics() {
        ollama.streamTokens(List.of("ok"), 1, 1);
        server.post("/api/conversations/" + server.conversation(null) + "/messages", "{\"content\": \"hi\"}", null);

        assertThat(server.get("/health/live", null).status()).isEqualTo(200);
        var ready = server.get("/health/ready", null);
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.json().at("/checks/database").asText()).isEqualTo("up");
        String metrics = server.get("/metrics", null).body();
        assertThat(metrics).contains("maestro_http_requests_seconds_count{method=\"POST\",route=\"/api/conversations/{id}/messages\",status=\"200\"}")
                .contains("maestro_tokens_total{agent=\"general\",direction=\"output\",model=\"stub-model\"}")
                .contains("maestro_runs_seconds_count{status=\"ok\"}");
    }

    @Test
    void should_report_an_unreachable_provider_as_not_ready_and_as_503_on_a_message() {
        var config = TestServer.config(db, null, Map.of());
        try (TestServer down = TestServer.start(config, db)) {
            var ready = down.get("/health/ready", null);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().at("/checks/provider").asText()).contains("unreachable");

            var r = down.post("/api/conversations/" + down.conversation(null) + "/messages", "{\"content\": \"hi\"}", null);
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("provider_unavailable");
            assertThat(r.header("Retry-After")).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            POST | /api/conversations/{c}/messages | {"content": "hi"                     | 400 | Malformed JSON at line 1
            POST | /api/conversations/{c}/messages | {"content": "hi", "colour": "red"}   | 400 | Unknown field 'colour'; allowed fields: content, stream
            POST | /api/conversations/{c}/messages | {"stream": false}                    | 400 | Field 'content' is required
            POST | /api/conversations/{c}/messages | {"content": 42, "stream": "yes"}     | 400 | Field 'stream' has the wrong type: expected true or false
            POST | /api/conversations/{c}/messages | []                                   | 400 | must be a JSON object
            POST | /api/conversations/{c}/messages | <empty>                              | 400 | The request body is empty
            POST | /api/conversations/{c}/messages | <big>                                | 413 | larger than 2048 bytes
            POST | /api/conversations/{c}/messages | <long-prompt>                        | 413 | the limit is 500 (prompt.max-chars)
            POST | /api/conversations/00000000-0000-0000-0000-000000000000/messages | {"content": "hi"} | 404 | Conversation 00000000-0000-0000-0000-000000000000 not found
            POST | /api/conversations/not-a-uuid/messages | {"content": "hi"}             | 404 | Conversation not-a-uuid not found
            POST | /api/conversations/{c}/approval | {"decision": "approve"}              | 409 | has no turn waiting for approval
            POST | /api/conversations/{c}/approval | {"decision": "maybe"}                | 400 | Field 'decision' must be approve, reject or edit
            POST | /api/conversations/{c}/approval | {"decision": "edit"}                 | 400 | Field 'input' is required
            POST | /api/conversations              | {"title": 5, "x": 1}                  | 400 | Unknown field 'x'
            GET  | /api/runs?limit=0               | <none>                               | 400 | Query parameter 'limit' must be a whole number from 1 to 500
            GET  | /api/runs/00000000-0000-0000-0000-000000000000 | <none>                | 404 | Run 00000000-0000-0000-0000-000000000000 not found
            POST | /api/runs/00000000-0000-0000-0000-000000000000/feedback | {"rating": "up"} | 404 | not found
            GET  | /api/nothing-here               | <none>                               | 404 | No endpoint GET /api/nothing-here
            POST | /api/documents?filename=evil.exe | xyz                                 | 415 | supported types are
            POST | /api/documents?filename=a.md    | <upload-big>                         | 413 | larger than 4096 bytes
            POST | /v1/chat/completions            | {"model": "maestro"}                 | 400 | Field 'messages' is required
            POST | /v1/chat/completions            | {"model": "maestro", "messages": [{"role": "assistant", "content": "x"}]} | 400 | The last message must have role 'user'
            """)
    void should_answer_errors_with_a_json_body_that_says_what_is_wrong(String method, String path, String body, int status, String message) {
        // given
        String conversation = server.conversation(null);
        String resolved = path.replace("{c}", conversation);
        String payload = switch (body) {
            case "<empty>" -> "";
            case "<big>" -> "{\"content\": \"" + "x".repeat(3000) + "\"}";
            case "<long-prompt>" -> "{\"content\": \"" + "x".repeat(600) + "\"}";
            case "<upload-big>" -> "x".repeat(5000);
            default -> body;
        };

        // when
        TestServer.Response r = method.equals("GET") ? server.get(resolved, null) : server.post(resolved, payload, null);

        // then
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asText()).isNotBlank();
        assertThat(error.get("message").asText()).contains(message);
    }
}
