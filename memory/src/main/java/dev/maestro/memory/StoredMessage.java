package dev.maestro.memory;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One message of a conversation as stored: the short-term tier.
 *
 * @param role     {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param metadata free-form strings; {@code name} holds the speaker's name when known
 * @param hidden   true when a {@link dev.langchain4j.store.memory.chat.ChatMemoryStore} caller evicted it; it still
 *                 feeds summaries and episodes
 * @param payload  the message as LangChain4j's JSON when role, content and name would not rebuild it exactly (tool
 *                 calls, images, attributes); null for plain text, which is read back without parsing
 * @since 0.1
 */
public record StoredMessage(long id, UUID conversationId, String role, String content, int tokenCount,
                            Instant createdAt, Map<String, String> metadata, boolean hidden, String payload) {

    /** The metadata key for the speaker's name. */
    public static final String NAME = "name";

    public StoredMessage {
        metadata = Map.copyOf(metadata);
    }

    /** The speaker's name, or null. */
    public String name() {
        return metadata.get(NAME);
    }

    /** The LangChain4j message: exactly as appended when it was stored from one, else rebuilt from role and content. */
    public ChatMessage toChatMessage() {
        return payload != null ? ChatMessageDeserializer.messageFromJson(payload) : Messages.rebuild(role, content, name());
    }
}
