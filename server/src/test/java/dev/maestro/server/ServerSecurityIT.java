package dev.maestro.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys, rate limits, tenant isolation through every endpoint, and secrets kept out of logs and responses. */
class ServerSecurityIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    static TestServer server;
    static String acme;
    static String globex;

    @BeforeAll
    static void start() {
        AppConfig config = TestServer.config(db, ollama, Map.of(Setting.SERVER_AUTH, "required", Setting.SERVER_RATE_LIMIT, "1000/m"));
        ApiKeys keys = new ApiKeys(db.dataSource());
        acme = keys.create("acme", "test").key();
        globex = keys.create("globex", "test").key();
        server = TestServer.start(config, db, TestServer.maestro(config, db), (collection, file) -> "ok");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void should_require_a_valid_key_when_keys_are_required() {
        var none = server.get("/api/conversations", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(none.json().at("/error/message").asText()).contains("maestro keys create --tenant");
        assertThat(server.get("/api/conversations", "mk_aaaaaaaaaaaa_" + "b".repeat(43)).status()).isEqualTo(401);
        assertThat(server.get("/api/conversations", "nonsense").status()).isEqualTo(401);
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.url("/api/conversations"))).header("Authorization", "Basic abc"), null).status())
                .isEqualTo(401);
        assertThat(server.get("/api/conversations", acme).status()).isEqualTo(200);
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.url("/api/conversations"))).header("X-API-Key", acme), null).status())
                .isEqualTo(200);
        assertThat(server.get("/v1/models", null).status()).isEqualTo(401);
        assertThat(server.get("/metrics", null).status()).isEqualTo(401);
        assertThat(server.get("/health/live", null).status()).isEqualTo(200);
    }

    @Test
    void should_stop_accepting_a_revoked_key() {
        ApiKeys.Created k = server.server.keys().create("acme", "to-revoke");
        assertThat(server.get("/api/conversations", k.key()).status()).isEqualTo(200);
        assertThat(server.server.keys().revoke(k.id())).isTrue();
        assertThat(server.get("/api/conversations", k.key()).status()).isEqualTo(401);
        assertThat(server.server.keys().list("acme").stream().filter(l -> l.id().equals(k.id())).findFirst().orElseThrow().active()).isFalse();
    }

    @Test
    void should_limit_requests_per_key_with_429_and_retry_after() {
        AppConfig config = TestServer.config(db, ollama, Map.of(Setting.SERVER_AUTH, "required", Setting.SERVER_RATE_LIMIT, "3/m"));
        try (TestServer limited = TestServer.startShared(config, server.maestro)) {
            for (int i = 0; i < 3; i++) {
                assertThat(limited.get("/api/conversations", acme).status()).isEqualTo(200);
            }
            var refused = limited.get("/api/conversations", acme);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("rate_limited");
            assertThat(limited.get("/api/conversations", globex).status()).as("another key has its own bucket").isEqualTo(200);
            assertThat(limited.get("/metrics", globex).body()).contains("maestro_http_rate_limited_total");
        }
    }

    @Test
    void should_never_let_one_tenant_read_another_tenants_data_through_any_endpoint() {
        // given: acme has a conversation with a run, feedback, a document and an OpenAI-style conversation
        ollama.streamTokens(List.of("acme-secret-answer"), 3, 1);
        String conversation = server.conversation(acme);
        var message = server.post("/api/conversations/" + conversation + "/messages", "{\"content\": \"acme-secret-question\"}", acme);
        assertThat(message.status()).as(message.body()).isEqualTo(200);
        String run = message.json().get("run_id").asText();
        assertThat(server.post("/api/runs/" + run + "/feedback", "{\"rating\": \"down\"}", acme).status()).isEqualTo(201);
        var upload = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/documents?filename=acme.txt")))
                .POST(HttpRequest.BodyPublishers.ofString("acme-secret-document")), acme);
        assertThat(upload.status()).isEqualTo(202);
        String document = upload.json().get("id").asText();
        var openAi = server.send(HttpRequest.newBuilder(URI.create(server.url("/v1/chat/completions"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"maestro\", \"user\": \"alice\", \"messages\": [{\"role\": \"user\", \"content\": \"acme-secret-question\"}]}")), acme);
        assertThat(openAi.status()).as(openAi.body()).isEqualTo(200);

        // when: globex tries every endpoint
        List<TestServer.Response> reads = new ArrayList<>();
        reads.add(server.get("/api/conversations/" + conversation, globex));
        reads.add(server.get("/api/conversations/" + conversation + "/messages", globex));
        reads.add(server.post("/api/conversations/" + conversation + "/messages", "{\"content\": \"x\"}", globex));
        reads.add(server.post("/api/conversations/" + conversation + "/approval", "{\"decision\": \"approve\"}", globex));
        reads.add(server.get("/api/runs?conversation=" + conversation, globex));
        reads.add(server.get("/api/runs/" + run, globex));
        reads.add(server.get("/api/runs/" + run + "/events", globex));
        reads.add(server.post("/api/runs/" + run + "/feedback", "{\"rating\": \"up\"}", globex));
        reads.add(server.get("/api/documents/" + document, globex));
        reads.add(server.send(HttpRequest.newBuilder(URI.create(server.url("/v1/chat/completions"))).header("Content-Type", "application/json")
                .header(OpenAiRoutes.CONVERSATION_HEADER, openAi.header(OpenAiRoutes.CONVERSATION_HEADER))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"maestro\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}")), globex));
        var lists = List.of(server.get("/api/conversations", globex), server.get("/api/runs", globex), server.get("/api/documents", globex));
        ollama.streamTokens(List.of("globex-answer"), 3, 1);
        var sameUser = server.send(HttpRequest.newBuilder(URI.create(server.url("/v1/chat/completions"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"maestro\", \"user\": \"alice\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")), globex);

        // then
        for (TestServer.Response r : reads) {
            assertThat(r.status()).as(r.raw().request().method() + " " + r.raw().uri() + ": " + r.body()).isEqualTo(404);
        }
        for (TestServer.Response r : lists) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).doesNotContain(conversation).doesNotContain(run).doesNotContain(document).doesNotContain("acme-secret");
        }
        assertThat(sameUser.status()).isEqualTo(200);
        assertThat(sameUser.header(OpenAiRoutes.CONVERSATION_HEADER)).isNotEqualTo(openAi.header(OpenAiRoutes.CONVERSATION_HEADER));
        String globexHistory = server.get("/api/conversations/" + sameUser.header(OpenAiRoutes.CONVERSATION_HEADER) + "/messages", globex).body();
        assertThat(globexHistory).doesNotContain("acme-secret");
        for (TestServer.Response r : reads) {
            assertThat(r.body()).doesNotContain("acme-secret");
        }
    }

    @Test
    void should_keep_keys_and_provider_secrets_out_of_logs_and_responses() {
        // given: every logger at DEBUG into memory only
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        List<ch.qos.logback.core.Appender<ILoggingEvent>> detached = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(detached::add);
        detached.forEach(root::detachAppender);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        ApiKeys.Created created = new ApiKeys(db.dataSource()).create("secretive", "x");
        String secret = created.key().substring(created.key().lastIndexOf('_') + 1);
        List<String> bodies = new ArrayList<>();
        try {
            // when: good and bad requests, including a server-side failure
            ollama.failWith(500, "{\"error\": \"boom\"}");
            String conversation = server.conversation(created.key());
            bodies.add(server.post("/api/conversations/" + conversation + "/messages", "{\"content\": \"hi\"}", created.key()).body());
            bodies.add(server.get("/api/conversations?limit=abc", created.key()).body());
            bodies.add(server.get("/api/conversations", created.key() + "x").body());
            bodies.add(server.get("/metrics", created.key()).body());
            bodies.add(server.get("/health/ready", null).body());
            bodies.add(server.get("/api/runs", created.key()).body());
        } finally {
            root.detachAppender(logs);
            detached.forEach(root::addAppender);
            root.setLevel(before);
        }

        // then
        assertThat(created.toString()).doesNotContain(secret);
        assertThat(new ApiKeys(db.dataSource()).list("secretive").toString()).doesNotContain(secret);
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage()).doesNotContain(secret).doesNotContain(db.password().isEmpty() ? secret : db.password());
        }
        for (String body : bodies) {
            assertThat(body).doesNotContain(secret).doesNotContain(created.key());
        }
    }
}
