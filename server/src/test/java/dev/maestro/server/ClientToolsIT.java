package dev.maestro.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.OpenAiStub;
import dev.maestro.testkit.PostgresDatabase;
import dev.maestro.testkit.StubToolCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-side tools on {@code /v1/chat/completions}: the client's functions reach the model, its tool calls come back in
 * OpenAI's format (streamed and not), and the client's tool results go on to the model in the next request; such
 * calls count toward the concurrent runs and the token metrics. The upstream model is a WireMock server in OpenAI's
 * wire format (and Ollama's for calls that arrive whole).
 */
class ClientToolsIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();
    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();
    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    static final String TOOLS = """
            [{"type": "function", "function": {"name": "get_weather", "description": "Current weather of a city",
              "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "city name"},
                "unit": {"type": "string", "enum": ["C", "F"]}}, "required": ["city"]}}}]""";
    static final List<StubToolCall> CALLS = List.of(
            new StubToolCall("call_paris", "get_weather", "{\"city\": \"Paris\"}"),
            new StubToolCall("call_rome", "get_weather", "{\"city\": \"Rome\", \"unit\": \"C\"}"));

    static TestServer server;

    @BeforeAll
    static void start() {
        AppConfig config = TestServer.config(db, null, Map.of(Setting.PROVIDER, "openai", Setting.OPENAI_BASE_URL, openAi.baseUrl(),
                Setting.OPENAI_API_KEY, "sk-upstream", Setting.CHAT_MODEL, OpenAiStub.MODEL));
        server = TestServer.start(config, db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String first(boolean stream) {
        return """
                {"model": "maestro", "stream": %s, "tools": %s,
                 "messages": [{"role": "system", "content": "You are a weather bot."},
                              {"role": "user", "content": "What is the weather in Paris and in Rome?"}]}""".formatted(stream, TOOLS);
    }

    @Test
    void should_return_the_models_tool_calls_and_pass_the_clients_functions_upstream() throws Exception {
        // given
        openAi.callToolsFirst(CALLS);

        // when
        var response = server.post("/v1/chat/completions", first(false), null);

        // then: OpenAI's shape, with both calls
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode choice = response.json().get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.get("message").get("content").isNull()).isTrue();
        JsonNode calls = choice.get("message").get("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).get("id").asText()).isEqualTo("call_paris");
        assertThat(calls.get(0).get("type").asText()).isEqualTo("function");
        assertThat(calls.get(0).get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(calls.get(1).get("function").get("arguments").asText()).isEqualTo("{\"city\": \"Rome\", \"unit\": \"C\"}");
        assertThat(response.json().get("usage").get("prompt_tokens").asInt()).isEqualTo(20);
        // and: upstream got the client's function with its schema, the agent's prompt and the client's instructions
        JsonNode upstream = TestServer.JSON.readTree(openAi.requests().getLast().body());
        JsonNode fn = upstream.get("tools").get(0).get("function");
        assertThat(fn.get("name").asText()).isEqualTo("get_weather");
        assertThat(fn.get("parameters").get("properties").get("unit").get("enum").toString()).isEqualTo("[\"C\",\"F\"]");
        assertThat(fn.get("parameters").get("required").toString()).isEqualTo("[\"city\"]");
        assertThat(upstream.get("messages").toString()).contains("You are a weather bot.").contains("What is the weather in Paris");
    }

    @Test
    void should_send_the_clients_tool_results_on_and_return_the_answer() throws Exception {
        // given: the model answers once it has results
        openAi.streamTokens(List.of("Paris 18 °C, ", "Rome 22 °C."), 40, 9).callToolsFirst(CALLS);
        String followUp = """
                {"model": "maestro", "tools": %s, "messages": [
                  {"role": "user", "content": "What is the weather in Paris and in Rome?"},
                  {"role": "assistant", "content": null, "tool_calls": [
                     {"id": "call_paris", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}},
                     {"id": "call_rome", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Rome\\"}"}}]},
                  {"role": "tool", "tool_call_id": "call_paris", "content": "18 °C, sunny"},
                  {"role": "tool", "tool_call_id": "call_rome", "content": "22 °C, clear"}]}""".formatted(TOOLS);

        // when
        var response = server.post("/v1/chat/completions", followUp, null);

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode choice = response.json().get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.get("message").get("content").asText()).isEqualTo("Paris 18 °C, Rome 22 °C.");
        JsonNode upstream = TestServer.JSON.readTree(openAi.requests().getLast().body());
        List<String> roles = new ArrayList<>();
        upstream.get("messages").forEach(m -> roles.add(m.get("role").asText()));
        assertThat(roles).containsExactly("system", "user", "assistant", "tool", "tool");
        assertThat(upstream.get("messages").get(3).get("tool_call_id").asText()).isEqualTo("call_paris");
        assertThat(upstream.get("messages").get(4).get("content").asText()).isEqualTo("22 °C, clear");
    }

    @Test
    void should_stream_tool_calls_as_openai_deltas() throws Exception {
        // given
        openAi.callToolsFirst(CALLS);

        // when
        var response = server.post("/v1/chat/completions", first(true), null);

        // then: role first, each call's id and name in its first delta, the arguments in fragments, then the finish
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> chunks = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        assertThat(data.getLast()).isEqualTo("[DONE]");
        for (String d : data.subList(0, data.size() - 1)) {
            chunks.add(TestServer.JSON.readTree(d));
        }
        assertThat(chunks.getFirst().get("choices").get(0).get("delta").get("role").asText()).isEqualTo("assistant");
        Map<Integer, StringBuilder> args = new LinkedHashMap<>();
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<Integer, String> ids = new LinkedHashMap<>();
        int argumentDeltas = 0;
        for (JsonNode c : chunks) {
            assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
            for (JsonNode call : c.get("choices").get(0).get("delta").path("tool_calls")) {
                int i = call.get("index").asInt();
                if (call.has("id")) {
                    ids.put(i, call.get("id").asText());
                    names.put(i, call.get("function").get("name").asText());
                }
                String part = call.get("function").path("arguments").asText("");
                argumentDeltas += part.isEmpty() ? 0 : 1;
                args.computeIfAbsent(i, k -> new StringBuilder()).append(part);
            }
        }
        assertThat(ids).containsExactly(Map.entry(0, "call_paris"), Map.entry(1, "call_rome"));
        assertThat(names.values()).containsOnly("get_weather");
        assertThat(args.get(0).toString()).isEqualTo("{\"city\": \"Paris\"}");
        assertThat(args.get(1).toString()).isEqualTo("{\"city\": \"Rome\", \"unit\": \"C\"}");
        assertThat(argumentDeltas).as("arguments arrive in fragments, as OpenAI streams them").isGreaterThan(2);
        assertThat(chunks.getLast().get("choices").get(0).get("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void should_take_tool_results_in_a_request_that_offers_no_tools_and_stream_the_answer() throws Exception {
        // given: the loop's last round, as some clients send it: the results, but no tools any more
        openAi.streamTokens(List.of("Paris ", "18 °C."), 40, 9);
        String lastRound = """
                {"model": "maestro", "stream": true, "messages": [
                  {"role": "user", "content": "What is the weather in Paris?"},
                  {"role": "assistant", "content": null, "tool_calls": [
                     {"id": "call_paris", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}]},
                  {"role": "tool", "tool_call_id": "call_paris", "content": "18 °C, sunny"}]}""";

        // when
        var response = server.post("/v1/chat/completions", lastRound, null);

        // then: the answer as content deltas, then stop
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        StringBuilder content = new StringBuilder();
        String finish = null;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode choice = TestServer.JSON.readTree(line.substring(6)).get("choices").get(0);
                content.append(choice.get("delta").path("content").asText(""));
                finish = choice.get("finish_reason").isNull() ? finish : choice.get("finish_reason").asText();
            }
        }
        assertThat(content.toString()).isEqualTo("Paris 18 °C.");
        assertThat(finish).isEqualTo("stop");
        // and: upstream got the call and its result, and no tools
        JsonNode upstream = TestServer.JSON.readTree(openAi.requests().getLast().body());
        assertThat(upstream.has("tools")).isFalse();
        JsonNode call = upstream.get("messages").get(2).get("tool_calls").get(0);
        assertThat(call.get("id").asText()).isEqualTo("call_paris");
        assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(upstream.get("messages").get(3).get("role").asText()).isEqualTo("tool");
        assertThat(upstream.get("messages").get(3).get("content").asText()).isEqualTo("18 °C, sunny");
    }

    @Test
    void should_leave_a_request_without_tools_that_ends_with_a_user_message_to_the_graph() throws Exception {
        // given: an earlier tool round in the history, but a new question last and no tools
        openAi.streamTokens(List.of("Bring an umbrella."), 40, 9);
        String next = """
                {"model": "maestro", "messages": [
                  {"role": "user", "content": "What is the weather in Paris?"},
                  {"role": "assistant", "content": null, "tool_calls": [
                     {"id": "call_paris", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "call_paris", "content": "rain"},
                  {"role": "user", "content": "Should I take an umbrella?"}]}""";

        // when
        var response = server.post("/v1/chat/completions", next, null);

        // then: a graph turn as before, with its conversation and run
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header(OpenAiRoutes.CONVERSATION_HEADER)).isNotNull();
        assertThat(response.header("X-Maestro-Run")).isNotNull();
        assertThat(response.json().get("choices").get(0).get("message").get("content").asText()).isEqualTo("Bring an umbrella.");
    }

    @Test
    void should_count_the_calls_tokens_per_agent_and_model() throws Exception {
        // given
        openAi.callToolsFirst(CALLS);

        // when
        var response = server.post("/v1/chat/completions", first(false), null);

        // then: the stub's 20 prompt tokens show up under the agent that answered
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        String agent = response.header("X-Maestro-Agent");
        assertThat(agent).isEqualTo("general");
        String metrics = server.get("/metrics", null).body();
        assertThat(metrics.lines().filter(l -> l.startsWith("maestro_tokens_total{") && l.contains("agent=\"general\"")
                && l.contains("direction=\"input\"") && l.contains("model=\"" + OpenAiStub.MODEL + "\"")))
                .as(metrics).isNotEmpty();
    }

    @Test
    void should_take_a_place_among_the_concurrent_runs_until_the_model_has_answered() throws Exception {
        // given: a server that runs one thing at a time, and a slow model
        AppConfig config = TestServer.config(db, null, Map.of(Setting.PROVIDER, "openai", Setting.OPENAI_BASE_URL, openAi.baseUrl(),
                Setting.OPENAI_API_KEY, "sk-upstream", Setting.CHAT_MODEL, OpenAiStub.MODEL, Setting.SERVER_MAX_CONCURRENT_RUNS, "1"));
        openAi.callToolsFirst(CALLS).delay(Duration.ofMillis(1500));
        try (TestServer one = TestServer.startShared(config, server.maestro)) {
            CompletableFuture<TestServer.Response> slow = CompletableFuture.supplyAsync(() -> one.post("/v1/chat/completions", first(false), null));
            TestServer.eventually(Duration.ofSeconds(5), () -> openAi.requestCount() == 1);

            // when: a second client-tools request while the first waits on the model
            var busy = one.post("/v1/chat/completions", first(false), null);

            // then: 503 busy, and nothing more went upstream; the first one is answered, and its place given back
            assertThat(busy.status()).as(busy.body()).isEqualTo(503);
            assertThat(busy.json().get("error").get("code").asText()).isEqualTo("busy");
            assertThat(openAi.requestCount()).isEqualTo(1);
            assertThat(slow.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            openAi.delay(Duration.ZERO);
            assertThat(one.post("/v1/chat/completions", first(false), null).status()).isEqualTo(200);
        }
    }

    @Test
    void should_stream_calls_that_arrive_whole_from_the_provider_as_complete_deltas() throws Exception {
        // given: Ollama, which sends its calls in one line without ids
        AppConfig config = TestServer.config(db, ollama, Map.of(Setting.PROVIDER, "ollama", Setting.CHAT_MODEL, OllamaStub.MODEL));
        ollama.callToolsFirst(CALLS);
        try (TestServer local = TestServer.start(config, db)) {
            // when
            var response = local.post("/v1/chat/completions", first(true), null);

            // then: one delta per call with index, a generated id, type, name and the whole arguments; then tool_calls
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            List<JsonNode> calls = new ArrayList<>();
            String finish = null;
            for (String line : response.body().split("\n")) {
                if (line.startsWith("data: {")) {
                    JsonNode choice = TestServer.JSON.readTree(line.substring(6)).get("choices").get(0);
                    choice.get("delta").path("tool_calls").forEach(calls::add);
                    finish = choice.get("finish_reason").isNull() ? finish : choice.get("finish_reason").asText();
                }
            }
            assertThat(calls).hasSize(2);
            assertThat(calls.get(0).get("index").asInt()).isZero();
            assertThat(calls.get(1).get("index").asInt()).isEqualTo(1);
            assertThat(calls.get(0).get("id").asText()).startsWith("call_").isNotEqualTo(calls.get(1).get("id").asText());
            assertThat(calls.get(0).get("type").asText()).isEqualTo("function");
            assertThat(calls.get(1).get("function").get("name").asText()).isEqualTo("get_weather");
            assertThat(TestServer.JSON.readTree(calls.get(1).get("function").get("arguments").asText()))
                    .isEqualTo(TestServer.JSON.readTree("{\"city\": \"Rome\", \"unit\": \"C\"}"));
            assertThat(finish).isEqualTo("tool_calls");
            // and: Ollama got the client's function
            JsonNode upstream = TestServer.JSON.readTree(ollama.requests().getLast().body());
            assertThat(upstream.get("tools").get(0).get("function").get("name").asText()).isEqualTo("get_weather");
        }
    }

    @Test
    void should_refuse_malformed_tool_requests_with_a_clear_400() {
        assertBadRequest("""
                {"model": "maestro", "tools": [{"type": "function", "function": {"description": "no name"}}],
                 "messages": [{"role": "user", "content": "hi"}]}""", "tools[0].function.name is required");
        assertBadRequest("""
                {"model": "maestro", "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "array"}}}],
                 "messages": [{"role": "user", "content": "hi"}]}""", "parameters must be a JSON Schema object");
        assertBadRequest("""
                {"model": "maestro", "tools": %s, "messages": [{"role": "user", "content": "hi"},
                  {"role": "tool", "tool_call_id": "call_nowhere", "content": "x"}]}""".formatted(TOOLS), "which no earlier assistant message called");
        assertBadRequest("""
                {"model": "maestro", "tools": %s, "tool_choice": {"type": "function", "function": {"name": "book_flight"}},
                 "messages": [{"role": "user", "content": "hi"}]}""".formatted(TOOLS), "'book_flight', which is not among the request's tools");
    }

    private static void assertBadRequest(String body, String message) {
        int before = openAi.requestCount();
        var response = server.post("/v1/chat/completions", body, null);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("error").get("message").asText()).contains(message);
        assertThat(openAi.requestCount()).as("nothing went upstream").isEqualTo(before);
    }
}
