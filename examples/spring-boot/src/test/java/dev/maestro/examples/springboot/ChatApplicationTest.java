package dev.maestro.examples.springboot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as it runs: its own application.yml, an HTTP port, Spring's pool on a throwaway PostgreSQL
 * database, and a fake Ollama over HTTP. Started once; each test sets the model's reply.
 */
class ChatApplicationTest {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    private static ConfigurableApplicationContext app;
    private static String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        app = SpringApplication.run(ChatApplication.class, "--server.port=0",
                "--spring.datasource.url=" + db.jdbcUrl(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--maestro.ollama.base-url=" + ollama.baseUrl(),
                "--maestro.memory.facts=false"); // keeps the fake model's requests to the answers
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_answer_and_continue_the_conversation() throws Exception {
        ollama.streamTokens(List.of("pgvector ", "adds vectors ", "to PostgreSQL."), 30, 4);

        HttpResponse<String> first = post("/chat", "{\"message\": \"What is pgvector?\"}");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode answer = json.readTree(first.body());
        assertThat(answer.get("answer").asText()).isEqualTo("pgvector adds vectors to PostgreSQL.");
        String conversation = answer.get("conversationId").asText();
        assertThat(conversation).isNotBlank();

        ollama.streamTokens(List.of("HNSW ", "and IVFFlat."), 40, 3);
        HttpResponse<String> second = post("/chat", "{\"conversationId\": \"" + conversation + "\", \"message\": \"Which indexes does it have?\"}");

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json.readTree(second.body()).get("answer").asText()).isEqualTo("HNSW and IVFFlat.");
        // the second turn was answered knowing the first: Maestro's memory, in the application's database
        assertThat(ollama.requests()).last().satisfies(r -> assertThat(r.body()).contains("Which indexes does it have?")
                .contains("pgvector adds vectors to PostgreSQL."));
    }

    @Test
    void should_stream_tokens_as_server_sent_events() throws Exception {
        ollama.streamTokens(List.of("Streamed ", "answer."), 10, 2);

        HttpResponse<String> response = post("/chat/stream", "{\"message\": \"Say something\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        String body = response.body();
        assertThat(body).contains("event:token\ndata:Streamed \n\n").contains("event:token\ndata:answer.\n\n");
        assertThat(body.indexOf("event:done")).isGreaterThan(body.indexOf("data:answer."));
        String done = body.substring(body.indexOf("event:done")).lines().filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
        assertThat(json.readTree(done.substring("data:".length())).get("answer").asText()).isEqualTo("Streamed answer.");
    }

    @Test
    void should_refuse_an_empty_message() throws Exception {
        HttpResponse<String> response = post("/chat", "{\"message\": \"  \"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("detail").asText()).isEqualTo("message cannot be null or blank");
        assertThat(ollama.requestCount()).isZero();
    }

    @Test
    void should_report_health_and_count_runs() throws Exception {
        ollama.streamTokens(List.of("Counted."), 5, 1);
        double before = runs();

        assertThat(post("/chat", "{\"message\": \"Count this\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(json.readTree(health.body()).at("/components/maestro/status").asText()).isEqualTo("UP");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> runs() == before + 1);
    }

    /** {@code maestro.chat.runs} answered so far, per the metrics endpoint (0 before the first run registers it). */
    private double runs() throws Exception {
        HttpResponse<String> metric = get("/actuator/metrics/maestro.chat.runs?tag=outcome:answered");
        if (metric.statusCode() == 404) {
            return 0;
        }
        for (JsonNode m : json.readTree(metric.body()).get("measurements")) {
            if (m.get("statistic").asText().equals("COUNT")) {
                return m.get("value").asDouble();
            }
        }
        throw new AssertionError("no COUNT in " + metric.body());
    }
}
