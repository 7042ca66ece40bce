package dev.maestro.memory;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.StringJoiner;

/** Role names and plain text of LangChain4j messages, as the messages table stores them. */
final class Messages {

    private Messages() {
    }

    static String role(ChatMessage message) {
        return switch (message.type()) {
            case SYSTEM -> "system";
            case USER -> "user";
            case AI -> "assistant";
            case TOOL_EXECUTION_RESULT -> "tool";
            case CUSTOM -> throw new IllegalArgumentException("CustomMessage cannot be stored in memory; convert it to a user,"
                    + " assistant, system or tool message first");
        };
    }

    static String text(ChatMessage message) {
        return switch (message) {
            case SystemMessage s -> s.text();
            case UserMessage u -> u.hasSingleText() ? u.singleText() : joinText(u);
            case AiMessage a -> aiText(a);
            case ToolExecutionResultMessage t -> t.text() == null ? "" : t.text();
            default -> "";
        };
    }

    static String name(ChatMessage message) {
        return message instanceof UserMessage u ? u.name() : null;
    }

    /** The message that role, text and name alone describe: how a stored message without a payload reads back. */
    static ChatMessage rebuild(String role, String text, String name) {
        return switch (role) {
            case "system" -> SystemMessage.from(text);
            case "assistant" -> AiMessage.from(text);
            default -> name == null ? UserMessage.from(text) : UserMessage.from(name, text);
        };
    }

    /**
     * Whether role, text and name rebuild {@code message} exactly, so storing its JSON as well would only cost a parse
     * on every read (plain questions and answers); false for tool calls, images, thinking, attributes and the like.
     */
    static boolean rebuildsExactly(ChatMessage message) {
        try {
            return rebuild(role(message), text(message), name(message)).equals(message);
        } catch (RuntimeException e) {
            return false; // e.g. a blank system message, which LangChain4j will not build from text
        }
    }

    private static String joinText(UserMessage u) {
        StringJoiner out = new StringJoiner("\n");
        for (Content c : u.contents()) {
            if (c instanceof TextContent t) {
                out.add(t.text());
            }
        }
        return out.toString();
    }

    private static String aiText(AiMessage a) {
        String text = a.text() == null ? "" : a.text();
        if (!a.hasToolExecutionRequests()) {
            return text;
        }
        StringJoiner calls = new StringJoiner(", ", text.isEmpty() ? "[calls " : text + "\n[calls ", "]");
        for (ToolExecutionRequest r : a.toolExecutionRequests()) {
            calls.add(r.name());
        }
        return calls.toString();
    }
}
