package dev.maestro.server;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.maestro.core.Ensure;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A fake streaming model for the server benchmark and tests: {@code tokens} tokens ({@code "tok0 tok1 ..."}), one
 * every {@code perToken}, the first after {@code perToken}, delivered from a shared scheduler so that thousands of
 * streams cost no thread each.
 */
public final class PacedStreamingModel implements StreamingChatModel {

    /** The model name its responses carry. */
    public static final String MODEL = "paced-fake";

    private final int tokens;
    private final Duration perToken;
    private final ScheduledExecutorService scheduler;

    public PacedStreamingModel(int tokens, Duration perToken, ScheduledExecutorService scheduler) {
        this.tokens = Ensure.positive(tokens, "tokens");
        this.perToken = Ensure.notNull(perToken, "perToken");
        this.scheduler = Ensure.notNull(scheduler, "scheduler");
    }

    /** The full text of every answer. */
    public String answer() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            s.append(token(i));
        }
        return s.toString();
    }

    public Duration perToken() {
        return perToken;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        emit(0, handler);
    }

    private void emit(int i, StreamingChatResponseHandler handler) {
        scheduler.schedule(() -> {
            try {
                handler.onPartialResponse(token(i));
                if (i + 1 < tokens) {
                    emit(i + 1, handler);
                } else {
                    handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(answer())).modelName(MODEL)
                            .tokenUsage(new TokenUsage(10, tokens)).finishReason(FinishReason.STOP).build());
                }
            } catch (RuntimeException e) {
                handler.onError(e);
            }
        }, perToken.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static String token(int i) {
        return i == 0 ? "tok0" : " tok" + i;
    }
}
