package dev.maestro.agents;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.maestro.prompts.Prompt;
import dev.maestro.prompts.PromptLibrary;
import dev.maestro.testkit.ScriptedStreamingChatModel;
import dev.maestro.tools.ToolBox;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LlmAgent#chatWithClientTools}: one model call with the caller's functions; the agent's own tools stay out of it. */
class ClientToolsCallTest {

    static final ToolSpecification WEATHER = ToolSpecification.builder().name("get_weather").description("weather").build();
    static final Prompt SYSTEM = PromptLibrary.standard().latest("general.system");

    final FakeTool own = FakeTool.answering("own_tool", "never");

    @Test
    void should_offer_only_the_callers_functions_after_the_agents_prompt_and_return_the_models_calls_unrun() throws Exception {
        // given: the model asks for the caller's function
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("call_1").name("get_weather").arguments("{\"city\":\"Paris\"}").build();
        ScriptedStreamingChatModel model = ScriptedStreamingChatModel.empty().thenReply(AiMessage.from(List.of(call)));
        List<ChatMessage> conversation = List.of(UserMessage.from("Weather in Paris?"));

        // when
        ChatResponse response = chat(agent(model), conversation, List.of(WEATHER), ToolChoice.REQUIRED);

        // then: the call comes back for the caller to run; the agent's own tool neither offered nor run
        assertThat(response.aiMessage().toolExecutionRequests()).containsExactly(call);
        ChatRequest sent = model.requests().getFirst();
        assertThat(sent.messages().getFirst()).isEqualTo(SystemMessage.from(SYSTEM.text()));
        assertThat(sent.messages().subList(1, sent.messages().size())).isEqualTo(conversation);
        assertThat(sent.toolSpecifications()).containsExactly(WEATHER);
        assertThat(sent.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
        assertThat(own.calls).isEmpty();
    }

    @Test
    void should_pass_the_callers_tool_results_on_and_offer_no_tools_when_the_choice_is_none() throws Exception {
        // given
        ScriptedStreamingChatModel model = ScriptedStreamingChatModel.replying("18 °C in Paris.");
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("call_1").name("get_weather").arguments("{}").build();
        List<ChatMessage> conversation = List.of(UserMessage.from("Weather in Paris?"), AiMessage.from(List.of(call)),
                ToolExecutionResultMessage.from(call, "18 °C"));

        // when
        ChatResponse response = chat(agent(model), conversation, List.of(WEATHER), ToolChoice.NONE);

        // then
        assertThat(response.aiMessage().text()).isEqualTo("18 °C in Paris.");
        ChatRequest sent = model.requests().getFirst();
        assertThat(sent.messages()).hasSize(4);
        assertThat(sent.messages().get(3)).isEqualTo(ToolExecutionResultMessage.from(call, "18 °C"));
        assertThat(sent.toolSpecifications()).isNullOrEmpty();
    }

    private LlmAgent agent(ScriptedStreamingChatModel model) {
        return LlmAgent.builder().name("general").model(model, "stub").systemPrompt(SYSTEM).tools(ToolBox.of(List.of(own))).build();
    }

    private static ChatResponse chat(LlmAgent agent, List<ChatMessage> conversation, List<ToolSpecification> tools, ToolChoice choice)
            throws Exception {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        agent.chatWithClientTools(conversation, tools, choice, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
            }

            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                done.complete(completeResponse);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return done.get(5, TimeUnit.SECONDS);
    }
}
