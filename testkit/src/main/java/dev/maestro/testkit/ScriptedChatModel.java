package dev.maestro.testkit;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.maestro.core.Ensure;

import java.util.List;
import java.util.Set;

/**
 * A {@link ChatModel} that answers from a script: texts or {@link AiMessage}s (tool calls too), in order.
 * It records every {@link ChatRequest}, and once the script has run out it throws an
 * {@link IllegalStateException} that shows the unexpected request.
 * <pre>{@code
 * ScriptedChatModel model = ScriptedChatModel.replying("billing")
 *         .thenReply(AiMessage.from(ToolExecutionRequest.builder().name("lookup").arguments("{}").build()))
 *         .thenReply("Your invoice is paid.");
 * // ... run the code under test ...
 * assertThat(model.requests()).hasSize(3);
 * }</pre>
 * Token usage is estimated at one token per 4 characters; the model name is {@code scripted}.
 *
 * @since 0.1
 */
public final class ScriptedChatModel implements ChatModel {

    private final Script script = new Script("ScriptedChatModel");
    private volatile Set<Capability> capabilities = Set.of();

    private ScriptedChatModel() {
    }

    /** A model with no replies yet: add them with {@code thenReply(..)} or {@code thenFail(..)}. */
    public static ScriptedChatModel empty() {
        return new ScriptedChatModel();
    }

    public static ScriptedChatModel replying(String... texts) {
        ScriptedChatModel model = new ScriptedChatModel();
        for (String text : texts) {
            model.thenReply(text);
        }
        return model;
    }

    public static ScriptedChatModel replying(AiMessage... messages) {
        ScriptedChatModel model = new ScriptedChatModel();
        for (AiMessage message : messages) {
            model.thenReply(message);
        }
        return model;
    }

    public ScriptedChatModel thenReply(String text) {
        return thenReply(AiMessage.from(Ensure.notNull(text, "text")));
    }

    public ScriptedChatModel thenReply(AiMessage message) {
        script.add(new Script.Reply(Ensure.notNull(message, "message")));
        return this;
    }

    /** The next request throws {@code error}, e.g. a {@code ProviderException}. */
    public ScriptedChatModel thenFail(RuntimeException error) {
        script.add(new Script.Failure(Ensure.notNull(error, "error")));
        return this;
    }

    /** Declares capabilities, e.g. {@code RESPONSE_FORMAT_JSON_SCHEMA} so AI services send a schema. */
    public ScriptedChatModel supporting(Capability... capabilities) {
        this.capabilities = Set.of(capabilities);
        return this;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return switch (script.next(request)) {
            case Script.Reply reply -> Script.response(request, reply.message());
            case Script.Failure failure -> throw failure.error();
        };
    }

    /** Every request received, in order (including the one that found the script empty). */
    public List<ChatRequest> requests() {
        return script.requests();
    }

    public ChatRequest lastRequest() {
        List<ChatRequest> all = script.requests();
        if (all.isEmpty()) {
            throw new IllegalStateException("ScriptedChatModel has received no request yet");
        }
        return all.getLast();
    }

    /** Replies not yet used; 0 when the code under test consumed the whole script. */
    public int remaining() {
        return script.remaining();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return capabilities;
    }
}
