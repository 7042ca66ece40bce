package dev.maestro.graph;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import dev.maestro.agents.LlmAgent;
import dev.maestro.core.ProviderException;
import dev.maestro.prompts.PromptLibrary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaestroGraphTest {

    /** Streams fixed tokens, or fails, and records what it was asked. */
    static final class TokenStreamingModel implements StreamingChatModel {
        final List<ChatRequest> requests = new ArrayList<>();
        final List<String> tokens;
        final RuntimeException failure;

        TokenStreamingModel(List<String> tokens, RuntimeException failure) {
            this.tokens = tokens;
            this.failure = failure;
        }

        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            requests.add(request);
            if (failure != null) {
                handler.onError(failure);
                return;
            }
            tokens.forEach(handler::onPartialResponse);
            handler.onCompleteResponse(ChatResponse.builder()
                    .aiMessage(AiMessage.from(String.join("", tokens)))
                    .modelName("scripted-1")
                    .tokenUsage(new TokenUsage(7, tokens.size()))
                    .build());
        }
    }

    private static MaestroGraph graphWith(StreamingChatModel model) {
        return MaestroGraph.builder()
                .agent(LlmAgent.builder().name("general").model(model, "configured-model")
                        .systemPrompt(PromptLibrary.standard().latest("general.system")).build())
                .build();
    }

    @Test
    void should_stream_tokens_in_order_and_return_the_answer_with_usage() {
        // given
        TokenStreamingModel model = new TokenStreamingModel(List.of("Hel", "lo", " world"), null);
        List<String> streamed = new ArrayList<>();

        // when
        RunResult result = graphWith(model).run("Say hello", streamed::add);

        // then
        assertThat(streamed).containsExactly("Hel", "lo", " world");
        assertThat(result.answer()).isEqualTo("Hello world");
        assertThat(result.agent()).isEqualTo("general");
        assertThat(result.model()).isEqualTo("scripted-1");
        assertThat(result.inputTokens()).isEqualTo(7);
        assertThat(result.outputTokens()).isEqualTo(3);
        assertThat(result.latencyMs()).isGreaterThanOrEqualTo(0);
        ChatRequest sent = model.requests.get(0);
        assertThat(sent.messages()).hasSize(2);
        assertThat(((SystemMessage) sent.messages().get(0)).text()).startsWith("You are Maestro's general assistant.");
        assertThat(((UserMessage) sent.messages().get(1)).singleText()).isEqualTo("Say hello");
    }

    @Test
    void should_surface_provider_failures_unwrapped() {
        ProviderException failure = new ProviderException(ProviderException.Kind.UNREACHABLE,
                "Ollama is not reachable at http://localhost:1", 0, 3, null, null);

        assertThatThrownBy(() -> graphWith(new TokenStreamingModel(List.of(), failure)).run("hi", null))
                .isSameAs(failure);
    }

    @Test
    void should_render_as_mermaid() {
        String mermaid = graphWith(new TokenStreamingModel(List.of("x"), null)).mermaid();

        assertThat(mermaid).contains("flowchart").contains("general");
    }
}
