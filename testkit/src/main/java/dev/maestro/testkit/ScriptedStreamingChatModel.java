package dev.maestro.testkit;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.maestro.core.Ensure;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The streaming twin of {@link ScriptedChatModel}: each reply's text is delivered word by word through
 * {@code onPartialResponse} (whitespace kept, so the parts join back to the text), then
 * {@code onCompleteResponse}; all on the calling thread. Failures and an exhausted script go to {@code onError}.
 *
 * @since 0.1
 */
public final class ScriptedStreamingChatModel implements StreamingChatModel {

    private static final Pattern WORD = Pattern.compile("\\S+\\s*|\\s+");

    private final Script script = new Script("ScriptedStreamingChatModel");

    private ScriptedStreamingChatModel() {
    }

    /** A model with no replies yet: add them with {@code thenReply(..)} or {@code thenFail(..)}. */
    public static ScriptedStreamingChatModel empty() {
        return new ScriptedStreamingChatModel();
    }

    public static ScriptedStreamingChatModel replying(String... texts) {
        ScriptedStreamingChatModel model = new ScriptedStreamingChatModel();
        for (String text : texts) {
            model.thenReply(text);
        }
        return model;
    }

    public ScriptedStreamingChatModel thenReply(String text) {
        return thenReply(AiMessage.from(Ensure.notNull(text, "text")));
    }

    public ScriptedStreamingChatModel thenReply(AiMessage message) {
        script.add(new Script.Reply(Ensure.notNull(message, "message")));
        return this;
    }

    /** The next request ends in {@code onError(error)}. */
    public ScriptedStreamingChatModel thenFail(RuntimeException error) {
        script.add(new Script.Failure(Ensure.notNull(error, "error")));
        return this;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        Script.Step step;
        try {
            step = script.next(request);
        } catch (IllegalStateException exhausted) {
            handler.onError(exhausted);
            return;
        }
        switch (step) {
            case Script.Failure failure -> handler.onError(failure.error());
            case Script.Reply reply -> {
                for (String part : parts(reply.message().text())) {
                    handler.onPartialResponse(part);
                }
                handler.onCompleteResponse(Script.response(request, reply.message()));
            }
        }
    }

    public List<ChatRequest> requests() {
        return script.requests();
    }

    public int remaining() {
        return script.remaining();
    }

    static List<String> parts(String text) {
        List<String> parts = new ArrayList<>();
        if (text == null) {
            return parts;
        }
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            parts.add(m.group());
        }
        return parts;
    }
}
