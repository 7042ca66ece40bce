package dev.maestro.cli.bench;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;

/** A model that answers at once, so a benchmark measures everything around the model and nothing of it. */
public final class InstantModel implements ChatModel {

    static final String ANSWER = "ok, noted.";

    /** The same model, streaming its answer in two tokens. */
    public static final StreamingChatModel STREAMING = new StreamingChatModel() {
        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            handler.onPartialResponse("ok, ");
            handler.onPartialResponse("noted.");
            handler.onCompleteResponse(response());
        }
    };

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return response();
    }

    private static ChatResponse response() {
        return ChatResponse.builder().aiMessage(AiMessage.from(ANSWER)).modelName("instant").tokenUsage(new TokenUsage(10, 3)).build();
    }
}
