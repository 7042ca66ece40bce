package dev.maestro.memory;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresChatMemoryStoreIT extends ChatMemoryStoreContract {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    private PostgresMemory memory;
    private ChatMemoryStore store;
    private final Scope scope = Scope.of("acme", "u-" + UUID.randomUUID());

    @BeforeEach
    void setUp() {
        memory = PostgresMemory.builder().dataSource(db.dataSource()).embeddingModel(Embeddings.bge()).build();
        store = memory.chatMemoryStore(scope);
    }

    @Override
    protected ChatMemoryStore store() {
        return store;
    }

    @Test
    void should_keep_evicted_messages_for_the_memory_tiers() {
        // given
        UUID id = UUID.randomUUID();
        store.updateMessages(id, List.of(UserMessage.from("one"), UserMessage.from("two")));

        // when
        store.updateMessages(id, List.of(UserMessage.from("two"), UserMessage.from("three")));

        // then
        assertThat(store.getMessages(id)).containsExactly(UserMessage.from("two"), UserMessage.from("three"));
        assertThat(memory.messages(scope, id)).extracting(StoredMessage::content, StoredMessage::hidden)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("one", true), org.assertj.core.groups.Tuple.tuple("two", false),
                        org.assertj.core.groups.Tuple.tuple("three", false));
    }

    @Test
    void should_map_a_non_uuid_memory_id_to_a_stable_conversation() {
        // given
        store.updateMessages("session-42", List.of(UserMessage.from("hello")));

        // when
        List<dev.langchain4j.data.message.ChatMessage> again = memory.chatMemoryStore(scope).getMessages("session-42");

        // then
        assertThat(again).containsExactly(UserMessage.from("hello"));
    }
}
