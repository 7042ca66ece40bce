package dev.maestro.agents;

import dev.langchain4j.data.message.SystemMessage;
import dev.maestro.agents.routing.Complexity;
import dev.maestro.prompts.Prompt;
import dev.maestro.testkit.ScriptedStreamingChatModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SystemPromptSourceTest {

    @Test
    void should_ask_the_source_per_conversation_and_report_the_version_that_answered() {
        List<String> asked = new ArrayList<>();
        SystemPromptSource source = conversation -> {
            asked.add(conversation);
            return conversation.equals("b") ? new Prompt("tone.system", 2, "Be warm.") : new Prompt("tone.system", 1, "Be formal.");
        };
        ScriptedStreamingChatModel model = ScriptedStreamingChatModel.replying("one", "two");
        LlmAgent agent = LlmAgent.builder().name("general").model(model, "m").systemPrompt(source).build();

        AgentReply a = agent.reply(new AgentRequest("hi", "", "", Complexity.SIMPLE, "a"), TokenSink.NONE);
        AgentReply b = agent.reply(new AgentRequest("hi", "", "", Complexity.SIMPLE, "b"), TokenSink.NONE);

        assertThat(asked).containsExactly("a", "b");
        assertThat(a.promptRef()).isEqualTo("tone.system@v1");
        assertThat(b.promptRef()).isEqualTo("tone.system@v2");
        assertThat(((SystemMessage) model.requests().get(1).messages().get(0)).text()).isEqualTo("Be warm.");
    }
}
