package dev.maestro.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Breaker states over HTTP: /health/ready and /metrics while the only model fails, then 503 once its breaker is open. */
class ModelHealthIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    @Test
    void an_open_breaker_on_every_model_makes_the_server_not_ready_with_retry_after() throws Exception {
        // given: breakers that judge 2 calls; the model answers 500 to chat but lists its models (the provider probe passes)
        ollama.tags(OllamaStub.MODEL).failWith(500, "{\"error\":\"model crashed\"}");
        AppConfig config = TestServer.config(db, ollama, Map.of(Setting.CHAT_MODEL, OllamaStub.MODEL, Setting.BREAKER_WINDOW, "2",
                Setting.BREAKER_OPEN_FOR, "45s", Setting.MEMORY_FACTS, "false"));
        try (TestServer server = TestServer.start(config, db)) {
            String conversation = server.conversation(null);

            // when: two turns fail
            for (int i = 0; i < 2; i++) {
                var failed = server.post("/api/conversations/" + conversation + "/messages", "{\"content\": \"hello " + i + "\"}", null);
                assertThat(failed.status()).as(failed.body()).isGreaterThanOrEqualTo(500);
            }
            var third = server.post("/api/conversations/" + conversation + "/messages", "{\"content\": \"hello again\"}", null);
            var ready = server.get("/health/ready", null);

            // then: the third turn fails at once without reaching the model, and readiness says why, with when to retry
            assertThat(third.status()).as(third.body()).isEqualTo(503);
            assertThat(third.body()).contains("circuit open");
            assertThat(ready.status()).as(ready.body()).isEqualTo(503);
            assertThat(ready.raw().headers().firstValue("Retry-After")).contains("45");
            JsonNode model = ready.json().get("models").get(0);
            assertThat(model.get("model").asText()).isEqualTo("ollama:" + OllamaStub.MODEL);
            assertThat(model.get("breaker").asText()).isEqualTo("open");
            assertThat(model.get("failures").asInt()).isEqualTo(2);
            assertThat(model.get("last_error").asText()).contains("500");
            assertThat(server.get("/metrics", null).body())
                    .contains("maestro_model_available{endpoint=\"" + ollama.baseUrl() + "\",model=\"ollama:" + OllamaStub.MODEL + "\"} 0.0")
                    .contains("maestro_model_failures_total{endpoint=\"" + ollama.baseUrl() + "\",model=\"ollama:" + OllamaStub.MODEL + "\"} 2.0");
        }
    }
}
