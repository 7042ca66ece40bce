package dev.maestro;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/** Stand-ins for commands that build the graph only to describe it. */
final class Unused {

    static final StreamingChatModel MODEL = new StreamingChatModel() {
        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            handler.onError(new IllegalStateException("this graph was built only to be described"));
        }
    };

    private Unused() {
    }
}
