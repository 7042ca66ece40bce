package dev.maestro.memory;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {

    private static final ToolExecutionRequest CALL = ToolExecutionRequest.builder().id("c1").name("weather").arguments("{}").build();

    @Test
    void should_rebuild_plain_text_messages_from_role_text_and_name() {
        for (ChatMessage plain : List.of(UserMessage.from("hi"), UserMessage.from("Ana", "hi"), AiMessage.from("hello"),
                SystemMessage.from("be brief"))) {
            assertThat(Messages.rebuildsExactly(plain)).as(plain.toString()).isTrue();
            assertThat(Messages.rebuild(Messages.role(plain), Messages.text(plain), Messages.name(plain))).isEqualTo(plain);
        }
    }

    @Test
    void should_not_claim_to_rebuild_what_role_and_text_lose() {
        List<ChatMessage> rich = List.of(
                AiMessage.from(List.of(CALL)),
                AiMessage.from("text", List.of(CALL)),
                AiMessage.builder().text("answer").thinking("first, the weather").build(),
                ToolExecutionResultMessage.from(CALL, "4 °C"),
                UserMessage.from(TextContent.from("look"), ImageContent.from("https://example.org/cat.png")),
                UserMessage.from(TextContent.from("one"), TextContent.from("two")));
        for (ChatMessage message : rich) {
            assertThat(Messages.rebuildsExactly(message)).as(message.toString()).isFalse();
        }
    }
}
