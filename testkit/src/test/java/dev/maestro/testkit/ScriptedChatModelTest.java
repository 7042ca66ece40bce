package dev.maestro.testkit;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptedChatModelTest {

    @Test
    void should_reply_in_order_and_record_requests() {
        // given
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("1").name("lookup").arguments("{\"id\":7}").build();
        ScriptedChatModel model = ScriptedChatModel.replying("billing").thenReply(AiMessage.from(call)).thenReply("Paid.");

        // when
        String first = model.chat("Which team?");
        ChatResponse second = model.chat(UserMessage.from("Is invoice 7 paid?"));
        ChatResponse third = model.chat(SystemMessage.from("Be brief"), UserMessage.from("Is it?"));

        // then
        assertThat(first).isEqualTo("billing");
        assertThat(second.aiMessage().toolExecutionRequests()).containsExactly(call);
        assertThat(second.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(third.aiMessage().text()).isEqualTo("Paid.");
        assertThat(third.tokenUsage().inputTokenCount()).isEqualTo(4); // "Be brief" + "Is it?" = 14 chars
        assertThat(model.requests()).hasSize(3);
        assertThat(model.lastRequest().messages()).hasSize(2);
        assertThat(model.remaining()).isZero();
    }

    @Test
    void should_show_the_unexpected_request_when_the_script_runs_out() {
        // given
        ScriptedChatModel model = ScriptedChatModel.replying("only one");
        model.chat("first");

        // when / then
        assertThatThrownBy(() -> model.chat(SystemMessage.from("You route requests"), UserMessage.from("second\nquestion")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no reply left for request #2 (the script had 1)")
                .hasMessageContaining("SYSTEM: You route requests")
                .hasMessageContaining("USER: second question");
        assertThat(model.requests()).hasSize(2);
    }

    @Test
    void should_throw_scripted_failures() {
        // given
        IllegalStateException boom = new IllegalStateException("boom");
        ScriptedChatModel model = ScriptedChatModel.replying("ok").thenFail(boom);

        // when
        model.chat("a");

        // then
        assertThatThrownBy(() -> model.chat("b")).isSameAs(boom);
    }

    @Test
    void should_stream_words_then_complete() {
        // given
        ScriptedStreamingChatModel model = ScriptedStreamingChatModel.replying("Hello big  world");
        List<String> parts = new ArrayList<>();
        AtomicReference<ChatResponse> done = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        StreamingChatResponseHandler handler = new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
                parts.add(partialResponse);
            }

            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                done.set(completeResponse);
            }

            @Override
            public void onError(Throwable error) {
                failed.set(error);
            }
        };

        // when
        model.chat("hi", handler);
        model.chat("again", handler);

        // then
        assertThat(parts).containsExactly("Hello ", "big  ", "world");
        assertThat(String.join("", parts)).isEqualTo(done.get().aiMessage().text());
        assertThat(failed.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("USER: again");
    }
}
