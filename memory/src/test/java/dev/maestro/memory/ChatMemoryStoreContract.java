package dev.maestro.memory;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ChatMemoryStore} must do, as LangChain4j's chat memories use it: {@code updateMessages} always
 * receives the full list, {@code getMessages} returns the last list given, ids are independent. The in-memory store of
 * LangChain4j passes the same suite as ours.
 */
abstract class ChatMemoryStoreContract {

    protected abstract ChatMemoryStore store();

    /** A fresh memory id; UUIDs suit every store. */
    protected Object newId() {
        return UUID.randomUUID();
    }

    private static final ToolExecutionRequest CALL = ToolExecutionRequest.builder().id("call-1").name("weather").arguments("{\"city\":\"Oslo\"}").build();

    private static List<ChatMessage> conversation() {
        return List.of(
                SystemMessage.from("You are helpful."),
                UserMessage.from("Ana", "What is the weather in Oslo?"),
                AiMessage.from(List.of(CALL)),
                ToolExecutionResultMessage.from(CALL, "4 °C, light rain"),
                AiMessage.from("It is 4 °C with light rain in Oslo."));
    }

    @Test
    void should_return_nothing_for_an_unknown_id() {
        // when / then
        assertThat(store().getMessages(newId())).isEmpty();
    }

    @Test
    void should_return_the_messages_last_stored_with_every_message_type() {
        // given
        Object id = newId();

        // when
        store().updateMessages(id, conversation());

        // then
        assertThat(store().getMessages(id)).containsExactlyElementsOf(conversation());
    }

    @Test
    void should_follow_appends_and_evictions_of_the_full_list() {
        // given
        Object id = newId();
        List<ChatMessage> messages = new ArrayList<>(conversation());
        store().updateMessages(id, messages);

        // when: a window memory appends a turn and evicts the oldest turns after the system message
        messages.add(UserMessage.from("Ana", "And tomorrow?"));
        messages.remove(1);
        messages.remove(1);
        messages.remove(1);
        store().updateMessages(id, messages);

        // then
        assertThat(store().getMessages(id)).containsExactlyElementsOf(messages);

        // when: the system message changes
        messages.set(0, SystemMessage.from("You are terse."));
        store().updateMessages(id, messages);

        // then
        assertThat(store().getMessages(id)).containsExactlyElementsOf(messages);
    }

    @Test
    void should_delete_the_messages_of_one_id_only() {
        // given
        Object deleted = newId();
        Object kept = newId();
        store().updateMessages(deleted, conversation());
        store().updateMessages(kept, List.of(UserMessage.from("keep me")));

        // when
        store().deleteMessages(deleted);

        // then
        assertThat(store().getMessages(deleted)).isEmpty();
        assertThat(store().getMessages(kept)).containsExactly(UserMessage.from("keep me"));
    }

    @Test
    void should_store_an_empty_list() {
        // given
        Object id = newId();
        store().updateMessages(id, conversation());

        // when
        store().updateMessages(id, List.of());

        // then
        assertThat(store().getMessages(id)).isEmpty();
    }
}
