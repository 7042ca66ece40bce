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
 * A fake OpenAI (or compatible) server: {@code POST /v1/chat/completions} as JSON or as SSE when the request
 * says {@code "stream": true} (chunks, then a usage chunk, then {@code data: [DONE]}), {@code POST /v1/embeddings}
 * and {@code GET /v1/models}. {@link #baseUrl()} includes {@code /v1}, as OpenAI base URLs do.
 *
 * @see ModelServerStub for the lifecycle and the failure helpers
 * @since 0.1
 */
public final class OpenAiStub extends ModelServerStub<OpenAiStub> {

    /** The model name every response carries. */
    public static final String MODEL = "stub-model";
    static final String CHAT = "/v1/chat/completions";
    static final String EMBEDDINGS = "/v1/embeddings";
    static final String MODELS = "/v1/models";
    private static final long CREATED = 1_700_000_000L;

    @Override
    public String baseUrl() {
        return serverUrl() + "/v1";
    }

    /** Chat completions answer {@code text}: as one JSON body, or streamed as a single token. */
    public OpenAiStub replyWith(String text, int inputTokens, int outputTokens) {
        return chat(List.of(text), inputTokens, outputTokens);
    }

    /** Streamed chat completions deliver {@code tokens} one chunk each; non-streamed ones answer them joined. */
    public OpenAiStub streamTokens(List<String> tokens, int inputTokens, int outputTokens) {
        return chat(List.copyOf(tokens), inputTokens, outputTokens);
    }

    /**
     * Streamed and JSON chat completions for requests naming {@code model} deliver {@code tokens}, and say {@code model}
     * answered: several models on one server (a cascade's small and large, a chain's links), each with its own answer.
     */
    public OpenAiStub streamTokensAs(String model, List<String> tokens, int inputTokens, int outputTokens) {
        return chat(model, matchingJsonPath("$.model", equalTo(model)), List.copyOf(tokens), inputTokens, outputTokens);
    }

    /** {@code POST /v1/embeddings} answers these vectors, in order, whatever the input. */
    public OpenAiStub embedWith(float[]... vectors) {
        List<float[]> list = Arrays.asList(vectors);
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < list.size(); i++) {
            data.append(i == 0 ? "" : ",")
                    .append("{\"object\":\"embedding\",\"index\":").append(i)
                    .append(",\"embedding\":").append(Json.vector(list.get(i))).append('}');
        }
        String body = "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"" + MODEL
                + "\",\"usage\":{\"prompt_tokens\":" + list.size() + ",\"total_tokens\":" + list.size() + "}}";
        return stub(post(urlPathEqualTo(EMBEDDINGS)).willReturn(json(body)));
    }

    /** {@code GET /v1/models} lists these model ids. */
    public OpenAiStub models(String... ids) {
        String data = Arrays.stream(ids)
                .map(id -> "{\"id\":" + Json.string(id) + ",\"object\":\"model\",\"created\":" + CREATED + ",\"owned_by\":\"stub\"}")
                .collect(Collectors.joining(","));
        return stub(get(urlPathEqualTo(MODELS)).willReturn(json("{\"object\":\"list\",\"data\":[" + data + "]}")));
    }

    /** Every request gets OpenAI's 404 for an unknown model. */
    public OpenAiStub modelNotFound(String model) {
        return failWith(404, "{\"error\":{\"message\":" + Json.string("The model `" + model + "` does not exist or you do not have access to it.")
                + ",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}", Map.of());
    }

    /**
     * Requests with no {@code tool} message yet get {@code calls} (and other requests whatever else is set up): as one
     * JSON body, or streamed as OpenAI streams parallel calls: call after call, each with its index, id and name
     * first and its arguments split over two later chunks.
     */
    public OpenAiStub callToolsFirst(List<StubToolCall> calls) {
        return toolCalls(calls, not(matchingJsonPath("$.messages[?(@.role == 'tool')]")));
    }

    /** Every request that offers tools gets {@code calls}: a model that never stops calling them. */
    public OpenAiStub callToolsWhileOffered(List<StubToolCall> calls) {
        return toolCalls(calls, matchingJsonPath("$.tools"));
    }

    @Override
    protected OpenAiStub self() {
        return this;
    }

    private OpenAiStub chat(List<String> tokens, int inputTokens, int outputTokens) {
        return chat(MODEL, null, tokens, inputTokens, outputTokens);
    }

    private OpenAiStub chat(String model, com.github.tomakehurst.wiremock.matching.StringValuePattern when, List<String> tokens,
                            int inputTokens, int outputTokens) {
        String usage = "{\"prompt_tokens\":" + inputTokens + ",\"completion_tokens\":" + outputTokens
                + ",\"total_tokens\":" + (inputTokens + outputTokens) + "}";
        String completion = "{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion\",\"created\":" + CREATED
                + ",\"model\":" + Json.string(model) + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + Json.string(String.join("", tokens)) + "},\"finish_reason\":\"stop\"}],\"usage\":" + usage + "}";
        stub(chatRequest(when).withRequestBody(not(matchingJsonPath("$.stream", equalTo("true")))).willReturn(json(completion)));

        List<String> events = new ArrayList<>();
        events.add(chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", "null"));
        for (String token : tokens) {
            events.add(chunk(model, "{\"content\":" + Json.string(token) + "}", "null"));
        }
        events.add(chunk(model, "{}", "\"stop\""));
        events.add("{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED
                + ",\"model\":" + Json.string(model) + ",\"choices\":[],\"usage\":" + usage + "}");
        events.add("[DONE]");
        String sse = events.stream().map(e -> "data: " + e + "\n\n").collect(Collectors.joining());
        return stub(chatRequest(when).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(sse)));
    }

    /** A chat completion request, narrowed by {@code when} unless it is null. */
    private static com.github.tomakehurst.wiremock.client.MappingBuilder chatRequest(com.github.tomakehurst.wiremock.matching.StringValuePattern when) {
        return when == null ? post(urlPathEqualTo(CHAT)) : post(urlPathEqualTo(CHAT)).withRequestBody(when);
    }

    private OpenAiStub toolCalls(List<StubToolCall> calls, com.github.tomakehurst.wiremock.matching.StringValuePattern when) {
        String usage = "{\"prompt_tokens\":20,\"completion_tokens\":10,\"total_tokens\":30}";
        StringBuilder whole = new StringBuilder();
        for (StubToolCall c : calls) {
            whole.append(whole.isEmpty() ? "" : ",").append("{\"id\":").append(Json.string(c.id())).append(",\"type\":\"function\",\"function\":{\"name\":")
                    .append(Json.string(c.name())).append(",\"arguments\":").append(Json.string(c.arguments())).append("}}");
        }
        String completion = "{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion\",\"created\":" + CREATED
                + ",\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + whole + "]},\"finish_reason\":\"tool_calls\"}],\"usage\":" + usage + "}";
        stub(post(urlPathEqualTo(CHAT)).withRequestBody(when)
                .withRequestBody(not(matchingJsonPath("$.stream", equalTo("true")))).willReturn(json(completion)));

        List<String> events = new ArrayList<>();
        events.add(chunk("{\"role\":\"assistant\",\"content\":null}", "null"));
        for (int i = 0; i < calls.size(); i++) {
            StubToolCall c = calls.get(i);
            String args = c.arguments();
            events.add(chunk("{\"tool_calls\":[{\"index\":" + i + ",\"id\":" + Json.string(c.id()) + ",\"type\":\"function\",\"function\":{\"name\":"
                    + Json.string(c.name()) + ",\"arguments\":\"\"}}]}", "null"));
            for (String part : List.of(args.substring(0, args.length() / 2), args.substring(args.length() / 2))) {
                events.add(chunk("{\"tool_calls\":[{\"index\":" + i + ",\"function\":{\"arguments\":" + Json.string(part) + "}}]}", "null"));
            }
        }
        events.add(chunk("{}", "\"tool_calls\""));
        events.add("{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED
                + ",\"model\":\"" + MODEL + "\",\"choices\":[],\"usage\":" + usage + "}");
        events.add("[DONE]");
        String sse = events.stream().map(e -> "data: " + e + "\n\n").collect(Collectors.joining());
        return stub(post(urlPathEqualTo(CHAT)).withRequestBody(when)
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(sse)));
    }

    private static String chunk(String delta, String finishReason) {
        return chunk(MODEL, delta, finishReason);
    }

    private static String chunk(String model, String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-stub\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED + ",\"model\":" + Json.string(model)
                + ",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finishReason + "}]}";
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
