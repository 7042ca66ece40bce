package dev.maestro.testkit;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.maestro.core.Ensure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/** The shared heart of the scripted models: replies in order, every request recorded. Thread-safe. */
final class Script {

    /** Name of the model that {@link ChatResponse#modelName()} reports. */
    static final String MODEL_NAME = "scripted";
    private static final int MAX_SHOWN_CHARS = 200;

    /** One scripted step: a reply, or an exception to throw. */
    sealed interface Step permits Reply, Failure {
    }

    record Reply(AiMessage message) implements Step {
    }

    record Failure(RuntimeException error) implements Step {
    }

    private final String owner;
    private final Deque<Step> steps = new ArrayDeque<>();
    private final List<ChatRequest> requests = new ArrayList<>();
    private int scripted;

    Script(String owner) {
        this.owner = owner;
    }

    synchronized void add(Step step) {
        steps.add(Ensure.notNull(step, "step"));
        scripted++;
    }

    /** Records the request, then returns the next step; fails with the unexpected request when none is left. */
    synchronized Step next(ChatRequest request) {
        requests.add(request);
        Step step = steps.poll();
        if (step == null) {
            throw new IllegalStateException(owner + " has no reply left for request #" + requests.size()
                    + " (the script had " + scripted + "); add one with thenReply(..). Unexpected request:\n"
                    + describe(request));
        }
        return step;
    }

    synchronized List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized int remaining() {
        return steps.size();
    }

    /** A response for {@code message}, with token counts estimated at one token per 4 characters. */
    static ChatResponse response(ChatRequest request, AiMessage message) {
        int in = tokens(request.messages().stream().map(Script::text).collect(Collectors.joining()));
        int out = tokens(message.text() == null ? "" : message.text());
        return ChatResponse.builder()
                .aiMessage(message)
                .modelName(MODEL_NAME)
                .tokenUsage(new TokenUsage(in, out))
                .finishReason(message.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }

    static String describe(ChatRequest request) {
        return request.messages().stream()
                .map(m -> "  " + m.type() + ": " + shorten(text(m)))
                .collect(Collectors.joining("\n"));
    }

    private static String text(ChatMessage message) {
        return switch (message) {
            case SystemMessage s -> s.text();
            case UserMessage u -> u.hasSingleText() ? u.singleText() : String.valueOf(u.contents());
            case AiMessage a -> (a.text() == null ? "" : a.text())
                    + (a.hasToolExecutionRequests() ? " " + a.toolExecutionRequests() : "");
            case ToolExecutionResultMessage t -> t.toolName() + " -> " + t.text();
            default -> String.valueOf(message);
        };
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_SHOWN_CHARS ? oneLine : oneLine.substring(0, MAX_SHOWN_CHARS) + "…";
    }

    private static int tokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }
}
