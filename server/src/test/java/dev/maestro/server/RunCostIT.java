package dev.maestro.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Tokens and cost on /api/runs (in total, per agent, per model call) and in /metrics, from a price table. */
class RunCostIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    @Test
    void runs_list_their_tokens_and_cost_per_agent_and_call_as_priced() {
        // given: 1 USD per million tokens in, 2 out
        AppConfig config = TestServer.config(db, ollama, Map.of(Setting.CHAT_MODEL, OllamaStub.MODEL, Setting.MEMORY_FACTS, "false",
                Setting.COST_PRICES, OllamaStub.MODEL + "=1/2"));
        try (TestServer server = TestServer.start(config, db)) {
            String conversation = server.conversation(null);
            String path = "/api/conversations/" + conversation + "/messages";

            // when: a turn of 20 + 5 tokens, then a streamed one of 1000 + 500
            ollama.replyWith("First.", 20, 5);
            var first = server.post(path, "{\"content\": \"one\"}", null);
            ollama.streamTokens(List.of("Sec", "ond."), 1000, 500);
            var second = server.post(path, "{\"content\": \"two\", \"stream\": true}", null);
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(second.status()).as(second.body()).isEqualTo(200);
            var list = server.get("/api/runs?conversation=" + conversation, null);

            // then: 20 × 1 / 1e6 + 5 × 2 / 1e6 = 0.00003 USD; 1000 × 1 / 1e6 + 500 × 2 / 1e6 = 0.002 USD; newest first
            assertThat(list.status()).as(list.body()).isEqualTo(200);
            JsonNode runs = list.json().get("runs");
            assertThat(runs).hasSize(2);
            assertPriced(runs.get(0), 1000, 500, 0.002);
            assertPriced(runs.get(1), 20, 5, 0.00003);
            String id = first.json().get("run_id").asText();
            assertThat(runs.get(1).get("id").asText()).isEqualTo(id);
            var one = server.get("/api/runs/" + id, null);
            assertThat(one.status()).as(one.body()).isEqualTo(200);
            assertPriced(one.json(), 20, 5, 0.00003);

            // and: /metrics counts the tokens and the cost per agent and model
            String metrics = server.get("/metrics", null).body();
            String labels = "agent=\"general\",model=\"" + OllamaStub.MODEL + "\"";
            assertThat(metrics).contains("maestro_tokens_total{agent=\"general\",direction=\"input\",model=\"" + OllamaStub.MODEL + "\"} 1020.0")
                    .contains("maestro_tokens_total{agent=\"general\",direction=\"output\",model=\"" + OllamaStub.MODEL + "\"} 505.0")
                    .doesNotContain("maestro_model_calls_unpriced_total{");
            assertThat(sample(metrics, "maestro_cost_usd_total{" + labels + "}")).isCloseTo(0.00203, within(1e-12));
        }
    }

    @Test
    void a_run_of_a_model_without_a_price_has_an_unknown_cost_not_zero() {
        // given: a price table that does not know the model
        AppConfig config = TestServer.config(db, ollama, Map.of(Setting.CHAT_MODEL, OllamaStub.MODEL, Setting.MEMORY_FACTS, "false",
                Setting.COST_PRICES, "some-other-model=1/1"));
        try (TestServer server = TestServer.start(config, db)) {
            String conversation = server.conversation(null);
            ollama.replyWith("Unpriced.", 10, 2);

            // when
            var turn = server.post("/api/conversations/" + conversation + "/messages", "{\"content\": \"what does it cost?\"}", null);
            var run = server.get("/api/runs/" + turn.json().get("run_id").asText(), null);

            // then
            assertThat(run.status()).as(run.body()).isEqualTo(200);
            JsonNode r = run.json();
            assertThat(r.get("input_tokens").asInt()).isEqualTo(10);
            assertThat(r.get("cost_usd").isNull()).as(r.toString()).isTrue();
            assertThat(r.get("cost_unknown").asBoolean()).isTrue();
            assertThat(r.get("by_agent").get(0).get("cost_usd").isNull()).isTrue();
            assertThat(r.get("by_agent").get(0).get("cost_unknown").asBoolean()).isTrue();
            assertThat(r.get("calls").get(0).get("cost_usd").isNull()).isTrue();
            assertThat(r.get("calls").get(0).get("cost_unknown").asBoolean()).isTrue();
            assertThat(server.get("/metrics", null).body())
                    .contains("maestro_model_calls_unpriced_total{agent=\"general\",model=\"" + OllamaStub.MODEL + "\"} 1.0")
                    .doesNotContain("maestro_cost_usd_total{");
        }
    }

    private static void assertPriced(JsonNode run, int in, int out, double usd) {
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("ok");
        assertThat(run.get("input_tokens").asInt()).isEqualTo(in);
        assertThat(run.get("output_tokens").asInt()).isEqualTo(out);
        assertThat(run.get("cost_usd").asDouble()).isCloseTo(usd, within(1e-12));
        assertThat(run.get("cost_unknown").asBoolean()).isFalse();
        JsonNode agent = run.get("by_agent").get(0);
        assertThat(run.get("by_agent")).hasSize(1);
        assertThat(agent.get("agent").asText()).isEqualTo("general");
        assertThat(agent.get("calls").asInt()).isEqualTo(1);
        assertThat(agent.get("input_tokens").asInt()).isEqualTo(in);
        assertThat(agent.get("output_tokens").asInt()).isEqualTo(out);
        assertThat(agent.get("cost_usd").asDouble()).isCloseTo(usd, within(1e-12));
        JsonNode call = run.get("calls").get(0);
        assertThat(run.get("calls")).hasSize(1);
        assertThat(call.get("agent").asText()).isEqualTo("general");
        assertThat(call.get("model").asText()).isEqualTo(OllamaStub.MODEL);
        assertThat(call.get("input_tokens").asInt()).isEqualTo(in);
        assertThat(call.get("output_tokens").asInt()).isEqualTo(out);
        assertThat(call.get("cost_usd").asDouble()).isCloseTo(usd, within(1e-12));
        assertThat(call.get("cost_unknown").asBoolean()).isFalse();
    }

    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(series + " in\n" + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
