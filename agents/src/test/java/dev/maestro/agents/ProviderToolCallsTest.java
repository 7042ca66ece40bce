package dev.maestro.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.maestro.prompts.PromptLibrary;
import dev.maestro.testkit.OllamaStub;
import dev.maestro.testkit.OpenAiStub;
import dev.maestro.testkit.RecordedRequest;
import dev.maestro.testkit.StubToolCall;
import dev.maestro.tools.ToolBox;
import dev.maestro.tools.builtin.CalculatorTool;
import dev.maestro.tools.builtin.CurrentTimeTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The tool loop through LangChain4j's real OpenAI and Ollama streaming clients, against their wire formats. */
class ProviderToolCallsTest {

    @RegisterExtension
    static final OpenAiStub openAi = new OpenAiStub();
    @RegisterExtension
    static final OllamaStub ollama = new OllamaStub();

    static final ObjectMapper JSON = new ObjectMapper();
    final List<String> ran = new CopyOnWriteArrayList<>();
    final ToolBox tools = ToolBox.of(List.of(new CalculatorTool(),
            new CurrentTimeTool(Clock.fixed(Instant.parse("2026-12-07T01:00:00Z"), ZoneOffset.UTC))));

    @Test
    void openai_streaming_two_parallel_calls_split_across_deltas() throws Exception {
        openAi.replyWith("6 times 7 is 42, on a Monday.", 30, 9);
        openAi.callToolsFirst(List.of(new StubToolCall("call_a", "calculator", "{\"expression\":\"6*7\"}"),
                new StubToolCall("call_b", "current_time", "{\"zone\":\"UTC\"}")));

        AgentReply reply = agent(openAiModel()).reply(AgentRequest.of("What is 6*7, and what day is it?"), sink());

        assertThat(reply.text()).isEqualTo("6 times 7 is 42, on a Monday.");
        assertThat(ran).containsExactlyInAnyOrder("calculator {\"expression\":\"6*7\"}", "current_time {\"zone\":\"UTC\"}");
        List<RecordedRequest> requests = openAi.requests();
        assertThat(requests).hasSize(2);
        JsonNode first = JSON.readTree(requests.get(0).body());
        assertThat(names(first.get("tools"), "/function/name")).containsExactly("calculator", "current_time");
        assertThat(first.at("/tools/0/function/parameters/required/0").asText()).isEqualTo("expression");
        JsonNode second = JSON.readTree(requests.get(1).body());
        JsonNode assistant = toolCallingMessage(second);
        assertThat(names(assistant.get("tool_calls"), "/id")).containsExactly("call_a", "call_b");
        assertThat(assistant.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"expression\":\"6*7\"}");
        List<JsonNode> results = toolMessages(second);
        assertThat(results).extracting(m -> m.get("tool_call_id").asText()).containsExactly("call_a", "call_b");
        assertThat(results.get(0).get("content").asText()).isEqualTo("<tool_result tool=\"calculator\" status=\"ok\">\n42\n</tool_result>");
        assertThat(results.get(1).get("content").asText()).contains("2026-12-07T01:00:00Z (Monday, UTC)");
    }

    @Test
    void openai_non_streaming_tool_calls_parse_through_the_blocking_client() {
        openAi.callToolsFirst(List.of(new StubToolCall("call_x", "calculator", "{\"expression\":\"2^8\"}")));
        var model = dev.langchain4j.model.openai.OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey("sk-test")
                .modelName(OpenAiStub.MODEL).maxRetries(0).build();

        var response = model.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from("2^8?")).toolSpecifications(tools.specifications()).build());

        assertThat(response.aiMessage().toolExecutionRequests()).singleElement()
                .satisfies(r -> {
                    assertThat(r.id()).isEqualTo("call_x");
                    assertThat(r.name()).isEqualTo("calculator");
                    assertThat(r.arguments()).isEqualTo("{\"expression\":\"2^8\"}");
                });
    }

    @Test
    void openai_model_asking_for_an_unknown_tool_gets_an_error_result() throws Exception {
        openAi.replyWith("I cannot browse.", 10, 4);
        openAi.callToolsFirst(List.of(new StubToolCall("call_u", "web_browser", "{\"url\":\"http://x\"}")));

        AgentReply reply = agent(openAiModel()).reply(AgentRequest.of("browse"), sink());

        assertThat(reply.text()).isEqualTo("I cannot browse.");
        assertThat(ran).isEmpty();
        String content = toolMessages(JSON.readTree(openAi.requests().get(1).body())).get(0).get("content").asText();
        assertThat(content).contains("status=\"error\"", "Unknown tool 'web_browser'. Available: [calculator, current_time]");
    }

    @Test
    void openai_model_that_keeps_calling_stops_at_the_iteration_limit() throws Exception {
        openAi.replyWith("Giving up on tools: 42.", 10, 5);
        openAi.callToolsWhileOffered(List.of(new StubToolCall("call_l", "calculator", "{\"expression\":\"1+1\"}")));
        LlmAgent agent = LlmAgent.builder().name("general").model(openAiModel(), OpenAiStub.MODEL)
                .systemPrompt(PromptLibrary.standard().latest("general.system")).tools(tools)
                .toolLimits(new ToolLoopLimits(4, Duration.ofSeconds(5), Duration.ofSeconds(60))).build();

        AgentReply reply = agent.reply(AgentRequest.of("loop"), sink());

        assertThat(reply.text()).isEqualTo("Giving up on tools: 42.");
        assertThat(ran).hasSize(4);
        List<RecordedRequest> requests = openAi.requests();
        assertThat(requests).hasSize(5);
        JsonNode last = JSON.readTree(requests.get(4).body());
        assertThat(last.has("tools")).as("the last request offers no tools").isFalse();
        assertThat(toolMessages(last)).hasSize(4);
    }

    @Test
    void ollama_streaming_tool_calls_without_ids() throws Exception {
        ollama.replyWith("It is 2026-12-07 and 6*7 is 42.", 20, 9);
        ollama.callToolsFirst(List.of(new StubToolCall(null, "calculator", "{\"expression\":\"6*7\"}"),
                new StubToolCall(null, "current_time", "{}")));
        StreamingChatModel model = OllamaStreamingChatModel.builder().baseUrl(ollama.baseUrl()).modelName(OllamaStub.MODEL).build();

        AgentReply reply = agent(model).reply(AgentRequest.of("6*7 and the date?"), sink());

        assertThat(reply.text()).isEqualTo("It is 2026-12-07 and 6*7 is 42.");
        assertThat(ran).containsExactlyInAnyOrder("calculator {\"expression\":\"6*7\"}", "current_time {}");
        JsonNode second = JSON.readTree(ollama.requests().get(1).body());
        assertThat(names(toolCallingMessage(second).get("tool_calls"), "/function/name")).containsExactly("calculator", "current_time");
        List<JsonNode> results = toolMessages(second);
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("content").asText()).isEqualTo("<tool_result tool=\"calculator\" status=\"ok\">\n42\n</tool_result>");
    }

    private StreamingChatModel openAiModel() {
        return OpenAiStreamingChatModel.builder().baseUrl(openAi.baseUrl()).apiKey("sk-test").modelName(OpenAiStub.MODEL).build();
    }

    private LlmAgent agent(StreamingChatModel model) {
        return LlmAgent.builder().name("general").model(model, "stub")
                .systemPrompt(PromptLibrary.standard().latest("general.system")).tools(tools).build();
    }

    private TokenSink sink() {
        return new TokenSink() {
            @Override
            public void onToken(String token) {
            }

            @Override
            public void onToolCall(ToolCall call) {
                ran.add(call.tool() + " " + call.arguments());
            }
        };
    }

    private static JsonNode toolCallingMessage(JsonNode request) {
        for (JsonNode m : request.get("messages")) {
            if (m.has("tool_calls")) {
                return m;
            }
        }
        throw new AssertionError("no assistant message with tool_calls in " + request);
    }

    private static List<JsonNode> toolMessages(JsonNode request) {
        List<JsonNode> out = new ArrayList<>();
        request.get("messages").forEach(m -> {
            if ("tool".equals(m.path("role").asText())) {
                out.add(m);
            }
        });
        return out;
    }

    private static List<String> names(JsonNode array, String pointer) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.at(pointer).asText()));
        return out;
    }
}
