package dev.maestro.server;

import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cost on the run's result, and a tenant's daily token budget enforced over HTTP (429 before any stream opens). */
class ServerBudgetIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    @Test
    void a_priced_turn_reports_its_cost_and_a_tenant_over_budget_gets_429_with_retry_after() {
        // given: 20 + 5 tokens a turn at 1 / 2 USD per million; 30 tokens a day per tenant
        ollama.streamTokens(List.of("Counted."), 20, 5);
        AppConfig config = TestServer.config(db, ollama, Map.of(Setting.CHAT_MODEL, OllamaStub.MODEL, Setting.MEMORY_FACTS, "false",
                Setting.COST_PRICES, OllamaStub.MODEL + "=1/2", Setting.BUDGET_DAILY_TOKENS, "30"));
        try (TestServer server = TestServer.start(config, db)) {
            String conversation = server.conversation(null);
            String path = "/api/conversations/" + conversation + "/messages";

            // when
            var first = server.post(path, "{\"content\": \"one\"}", null);
            var second = server.post(path, "{\"content\": \"two\"}", null);
            var third = server.post(path, "{\"content\": \"three\", \"stream\": true}", null);
            var openAi = server.post("/v1/chat/completions", "{\"model\": \"maestro\", \"messages\": [{\"role\": \"user\", \"content\": \"four\"}]}", null);

            // then: 20 × 1 / 1e6 + 5 × 2 / 1e6 = 0.00003 USD; the second turn (25 used < 30) passes, the third does not
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(first.json().get("usage").get("cost_usd").asDouble()).isEqualTo(0.00003);
            assertThat(second.status()).as(second.body()).isEqualTo(200);
            assertThat(third.status()).as(third.body()).isEqualTo(429);
            assertThat(third.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(third.json().get("error").get("code").asText()).isEqualTo("budget_exceeded");
            assertThat(third.json().get("error").get("message").asText())
                    .contains("Tenant default has used 50 of its 30 tokens for today (UTC)").contains("resets at");
            long retryAfter = Long.parseLong(third.raw().headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 86_400L);
            assertThat(openAi.status()).as("the OpenAI-compatible endpoint too").isEqualTo(429);
            var withTools = server.post("/v1/chat/completions", "{\"model\": \"maestro\", \"tools\": [{\"type\": \"function\", "
                    + "\"function\": {\"name\": \"f\"}}], \"messages\": [{\"role\": \"user\", \"content\": \"five\"}]}", null);
            assertThat(withTools.status()).as("client-side tools too").isEqualTo(429);
            assertThat(ollama.requests()).filteredOn(r -> r.url().contains("/api/chat")).hasSize(2);
        }
    }
}
