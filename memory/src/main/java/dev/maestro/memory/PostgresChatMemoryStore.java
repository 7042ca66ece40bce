package dev.maestro.memory;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * LangChain4j's {@link ChatMemoryStore} over the messages table, for one scope. A memory id is a conversation: a
 * {@link UUID} (or its string form) is used as is, any other id maps to a name-based UUID. Messages the caller drops
 * (for example a {@code MessageWindowChatMemory} evicting old ones) are hidden, not deleted, so they still feed
 * summaries and episodes; {@link #deleteMessages} hard-deletes the conversation's messages and summaries (long-term items
 * stay until forgotten).
 */
final class PostgresChatMemoryStore implements ChatMemoryStore {

    private final PostgresMemory memory;
    private final Scope scope;

    PostgresChatMemoryStore(PostgresMemory memory, Scope scope) {
        this.memory = memory;
        this.scope = scope;
    }

    static UUID conversationId(Object memoryId) {
        if (memoryId instanceof UUID uuid) {
            return uuid;
        }
        String id = String.valueOf(memoryId);
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notUuid) {
            return UUID.nameUUIDFromBytes(("maestro:" + id).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        return visible(conversationId(memoryId)).stream().map(StoredMessage::toChatMessage).toList();
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        UUID conversation = conversationId(memoryId);
        List<StoredMessage> stored = visible(conversation);
        StoreAlignment plan = StoreAlignment.of(
                stored.stream().map(m -> ChatMessageSerializer.messageToJson(m.toChatMessage())).toList(),
                messages.stream().map(ChatMessageSerializer::messageToJson).toList());
        if (!plan.hidden().isEmpty()) {
            List<Long> ids = new ArrayList<>();
            plan.hidden().forEach(i -> ids.add(stored.get(i).id()));
            memory.jdbc.tx("hiding evicted messages of conversation " + conversation,
                    c -> ConversationDao.hide(c, ids, memory.clock.instant()));
        }
        for (int i : plan.appended()) {
            memory.append(scope, conversation, messages.get(i), memory.clock.instant(), Map.of());
        }
    }

    @Override
    public void deleteMessages(Object memoryId) {
        UUID conversation = conversationId(memoryId);
        memory.jdbc.tx("deleting the messages of conversation " + conversation, c ->
                ConversationDao.owned(c, scope, conversation) ? ConversationDao.deleteMessages(c, conversation) : 0);
    }

    private List<StoredMessage> visible(UUID conversation) {
        return memory.jdbc.read("reading conversation " + conversation, c ->
                ConversationDao.owned(c, scope, conversation) ? ConversationDao.messages(c, conversation, 0, false) : List.of());
    }
}
