package dev.maestro.testkit;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.not;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A fake Ollama server: {@code POST /api/chat} as one JSON body, or as NDJSON lines when the request says
 * {@code "stream": true} (the last line has {@code done: true} with {@code prompt_eval_count}/{@code eval_count}),
 * {@code POST /api/embed} and {@code GET /api/tags}.
 *
 * @see ModelServerStub for the lifecycle and the failure helpers
 * @since 0.1
 */
public final class OllamaStub extends ModelServerStub<OllamaStub> {

    /** The model name every response carries. */
    public static final String MODEL = "stub-model";
    static final String CHAT = "/api/chat";
    static final String EMBED = "/api/embed";
    static final String TAGS = "/api/tags";
    private static final String CREATED_AT = "2025-01-01T00:00:00.000000Z";

    @Override
    public String baseUrl() {
        return serverUrl();
    }

    /** Chat answers {@code text}: as one JSON body, or streamed as a single token then the done line. */
    public OllamaStub replyWith(String text, int inputTokens, int outputTokens) {
        return chat(List.of(text), inputTokens, outputTokens);
    }

    /** Streamed chat delivers {@code tokens} one line each, then the done line; non-streamed chat answers them joined. */
    public OllamaStub streamTokens(List<String> tokens, int inputTokens, int outputTokens) {
        return chat(List.copyOf(tokens), inputTokens, outputTokens);
    }

    /** {@code POST /api/embed} answers these vectors, in order, whatever the input. */
    public OllamaStub embedWith(float[]... vectors) {
        List<float[]> list = Arrays.asList(vectors);
        String body = "{\"model\":\"" + MODEL + "\",\"embeddings\":" + Json.vectors(list)
                + ",\"total_duration\":1000,\"load_duration\":100,\"prompt_eval_count\":" + list.size() + "}";
        return stub(post(urlPathEqualTo(EMBED)).willReturn(json(body)));
    }

    /** {@code GET /api/tags} lists these models. */
    public OllamaStub tags(String... models) {
        String list = Arrays.stream(models)
                .map(m -> "{\"name\":" + Json.string(m) + ",\"model\":" + Json.string(m) + ",\"modified_at\":\"" + CREATED_AT
                        + "\",\"size\":1,\"digest\":\"stub\"}")
                .collect(Collectors.joining(","));
        return stub(get(urlPathEqualTo(TAGS)).willReturn(json("{\"models\":[" + list + "]}")));
    }

    /** Every request gets Ollama's 404 for a model that was never pulled. */
    public OllamaStub modelNotFound(String model) {
        return failWith(404, "{\"error\":" + Json.string("model \"" + model + "\" not found, try pulling it first") + "}", Map.of());
    }

    /**
     * Requests with no {@code tool} message yet get {@code calls} (Ollama's {@code tool_calls}: arguments as JSON
     * objects, an index per call, no ids): as one JSON body, or streamed as one line with the calls and then the done line.
     */
    public OllamaStub callToolsFirst(List<StubToolCall> calls) {
        StringBuilder toolCalls = new StringBuilder("[");
        for (int i = 0; i < calls.size(); i++) {
            // Ollama numbers parallel calls; LangChain4j's streaming client merges calls that have no index into one.
            toolCalls.append(i == 0 ? "" : ",").append("{\"function\":{\"index\":").append(i).append(",\"name\":")
                    .append(Json.string(calls.get(i).name())).append(",\"arguments\":").append(calls.get(i).arguments()).append("}}");
        }
        toolCalls.append(']');
        String message = "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":" + toolCalls + "}";
        String stats = ",\"total_duration\":1000,\"load_duration\":100,\"prompt_eval_count\":20,\"prompt_eval_duration\":100,\"eval_count\":10,\"eval_duration\":100";
        var firstRound = not(matchingJsonPath("$.messages[?(@.role == 'tool')]"));
        stub(post(urlPathEqualTo(CHAT)).withRequestBody(firstRound)
                .withRequestBody(not(matchingJsonPath("$.stream", equalTo("true"))))
                .willReturn(json("{\"model\":\"" + MODEL + "\",\"created_at\":\"" + CREATED_AT + "\",\"message\":" + message
                        + ",\"done_reason\":\"stop\",\"done\":true" + stats + "}")));
        String ndjson = "{\"model\":\"" + MODEL + "\",\"created_at\":\"" + CREATED_AT + "\",\"message\":" + message + ",\"done\":false}\n"
                + "{\"model\":\"" + MODEL + "\",\"created_at\":\"" + CREATED_AT
                + "\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true" + stats + "}\n";
        return stub(post(urlPathEqualTo(CHAT)).withRequestBody(firstRound)
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-ndjson").withBody(ndjson)));
    }

    @Override
    protected OllamaStub self() {
        return this;
    }

    private OllamaStub chat(List<String> tokens, int inputTokens, int outputTokens) {
        String stats = ",\"total_duration\":1000,\"load_duration\":100,\"prompt_eval_count\":" + inputTokens
                + ",\"prompt_eval_duration\":100,\"eval_count\":" + outputTokens + ",\"eval_duration\":100";
        String complete = "{\"model\":\"" + MODEL + "\",\"created_at\":\"" + CREATED_AT
                + "\",\"message\":{\"role\":\"assistant\",\"content\":" + Json.string(String.join("", tokens))
                + "},\"done_reason\":\"stop\",\"done\":true" + stats + "}";
        stub(post(urlPathEqualTo(CHAT))
                .withRequestBody(not(matchingJsonPath("$.stream", equalTo("true"))))
                .willReturn(json(complete)));

        List<String> lines = new ArrayList<>();
        for (String token : tokens) {
            lines.add("{\"model\":\"" + MODEL + "\",\"created_at\":\"" + CREATED_AT
                    + "\",\"message\":{\"role\":\"assistant\",\"content\":" + Json.string(token) + "},\"done\":false}");
        }
        lines.add("{\"model\":\"" + MODEL + "\",\"created_at\":\"" + CREATED_AT
                + "\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true" + stats + "}");
        String ndjson = lines.stream().map(l -> l + "\n").collect(Collectors.joining());
        return stub(post(urlPathEqualTo(CHAT))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-ndjson").withBody(ndjson)));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
