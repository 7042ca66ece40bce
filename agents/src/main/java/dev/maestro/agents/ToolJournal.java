package dev.maestro.agents;

import dev.langchain4j.data.message.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * A durable record of one task's tool loop: every model message that asked for calls and every completed call's result,
 * in order. An agent run again for the same task (after a crash, or after an approval) replays it instead of asking the
 * model and running the calls again, so no completed call runs twice. {@link #NONE} records nothing.
 *
 * @since 0.1
 */
public interface ToolJournal {

    ToolJournal NONE = new ToolJournal() {
        @Override
        public List<ChatMessage> replay() {
            return List.of();
        }

        @Override
        public void record(ChatMessage message) {
        }
    };

    /** What was recorded so far, oldest first: {@code AiMessage}s with tool requests and {@code ToolExecutionResultMessage}s. */
    List<ChatMessage> replay();

    /** Records {@code message} before the loop goes on; when this returns, it survives a crash. Thread-safe. */
    void record(ChatMessage message);

    /** A journal in this process's memory (lost with it). */
    static ToolJournal inMemory() {
        List<ChatMessage> messages = new ArrayList<>();
        return new ToolJournal() {
            @Override
            public synchronized List<ChatMessage> replay() {
                return List.copyOf(messages);
            }

            @Override
            public synchronized void record(ChatMessage message) {
                messages.add(message);
            }
        };
    }
}
