package dev.maestro.server;

import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.testkit.OpenAiStub;
import dev.maestro.testkit.PostgresDatabase;
import dev.maestro.testkit.StubToolCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read tools run without approval in a streamed turn against a model speaking OpenAI's wire format: the stream carries
 * each call and its result, and {@code /metrics} counts them per tool and outcome, with their latency.
 */
class ServerToolMetricsIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();

    @Test
    void should_stream_each_tool_call_and_count_them_per_tool_and_outcome() throws Exception {
        // given: an agent with two read tools; the model asks for a sum, a broken expression and the time at once
        String agents = TestServer.tempFile("reckoner.yaml", """
                agents:
                  - name: reckoner
                    prompt: general.system
                    tools: [calculator, current_time]
                """).toString();
        AppConfig config = TestServer.config(db, null, Map.of(Setting.PROVIDER, "openai", Setting.OPENAI_BASE_URL, openAi.baseUrl(),
                Setting.OPENAI_API_KEY, "sk-upstream", Setting.CHAT_MODEL, OpenAiStub.MODEL, Setting.AGENTS_FILE, agents));
        openAi.streamTokens(List.of("It is 42."), 20, 3).callToolsFirst(List.of(
                new StubToolCall("call_1", "calculator", "{\"expression\": \"6*7\"}"),
                new StubToolCall("call_2", "calculator", "{\"expression\": \"6*/\"}"),
                new StubToolCall("call_3", "current_time", "{}")));
        try (TestServer server = TestServer.start(config, db)) {
            String conversation = server.conversation(null);

            // when
            var turn = server.post("/api/conversations/" + conversation + "/messages", "{\"content\": \"what is 6*7?\", \"stream\": true}", null);
            String metrics = server.get("/metrics", null).body();

            // then: every call is announced with its arguments, then ends ok or with its error
            assertThat(turn.status()).as(turn.body()).isEqualTo(200);
            List<ServerStreamingIT.Frame> frames = ServerStreamingIT.frames(turn.body());
            assertThat(frames).filteredOn(f -> f.event().equals("tool_call"))
                    .extracting(f -> f.data().get("call").asText() + " " + f.data().get("tool").asText() + " " + f.data().get("arguments").asText())
                    .containsExactlyInAnyOrder("call_1 calculator {\"expression\": \"6*7\"}", "call_2 calculator {\"expression\": \"6*/\"}",
                            "call_3 current_time {}");
            List<ServerStreamingIT.Frame> results = frames.stream().filter(f -> f.event().equals("tool_result")).toList();
            assertThat(results).extracting(f -> f.data().get("call").asText() + " " + f.data().get("ok").asBoolean())
                    .containsExactlyInAnyOrder("call_1 true", "call_2 false", "call_3 true");
            assertThat(results).filteredOn(f -> f.data().get("call").asText().equals("call_2")).singleElement()
                    .satisfies(f -> assertThat(f.data().get("error").asText()).contains("Cannot evaluate"));
            assertThat(results).allSatisfy(f -> assertThat(f.data().get("agent").asText()).isEqualTo("reckoner"));
            assertThat(frames.get(frames.size() - 1).data().get("answer").asText()).isEqualTo("It is 42.");

            assertThat(metrics).contains("maestro_tool_calls_seconds_count{outcome=\"ok\",tool=\"calculator\"} 1")
                    .contains("maestro_tool_calls_seconds_count{outcome=\"error\",tool=\"calculator\"} 1")
                    .contains("maestro_tool_calls_seconds_count{outcome=\"ok\",tool=\"current_time\"} 1")
                    .doesNotContain("outcome=\"error\",tool=\"current_time\"");
            // the latency is the calls' own durations, which the tool_result frames report in milliseconds
            long okCalculatorMs = results.stream().filter(f -> f.data().get("call").asText().equals("call_1"))
                    .mapToLong(f -> f.data().get("ms").asLong()).sum();
            assertThat(seconds(metrics, "maestro_tool_calls_seconds_sum{outcome=\"ok\",tool=\"calculator\"}"))
                    .isCloseTo(okCalculatorMs / 1000.0, org.assertj.core.data.Offset.offset(0.0005));
        }
    }

    private static double seconds(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("%s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
