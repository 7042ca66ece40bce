package dev.maestro.graph;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.maestro.agents.LlmAgent;
import dev.maestro.prompts.PromptLibrary;
import dev.maestro.testkit.ScriptedStreamingChatModel;
import dev.maestro.tools.RiskLevel;
import dev.maestro.tools.Tool;
import dev.maestro.tools.ToolBox;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Tool calls through the graph: run events, redaction, and write calls waiting for approval through the interrupt. */
class GraphToolsTest {

    final CountingTool lookup = new CountingTool("lookup", RiskLevel.READ);
    final CountingTool save = new CountingTool("save", RiskLevel.WRITE);
    final List<RunEvent> events = new CopyOnWriteArrayList<>();

    @Test
    void tool_calls_and_results_are_run_events() {
        ScriptedStreamingChatModel model = ScriptedStreamingChatModel.empty()
                .thenReply(calls(call("c1", "lookup", "{\"q\":\"card 4111\"}"))).thenReply("found it");
        try (MaestroGraph graph = MaestroGraph.builder().agent(agent(model, lookup)).build()) {
            RunResult r = graph.run("t1", "look it up", events::add);

            assertThat(r.answer()).isEqualTo("found it");
            RunEvent call = only(RunEvent.Type.TOOL_CALL);
            assertThat(call.data()).containsEntry("tool", "lookup").containsEntry("call", "c1").containsEntry("agent", "general")
                    .containsEntry("arguments", "{\"q\":\"card 4111\"}").containsEntry("risk", "read").containsEntry("iteration", 1);
            RunEvent result = only(RunEvent.Type.TOOL_RESULT);
            assertThat(result.data()).containsEntry("ok", true).containsKey("ms").doesNotContainKey("error");
        }
    }

    @Test
    void arguments_can_be_redacted_from_events() {
        ScriptedStreamingChatModel model = ScriptedStreamingChatModel.empty()
                .thenReply(calls(call("c1", "lookup", "{\"q\":\"card 4111\"}"))).thenReply("ok");
        try (MaestroGraph graph = MaestroGraph.builder().agent(agent(model, lookup)).redactToolArguments(true).build()) {
            graph.run("t2", "look it up", events::add);
            assertThat(only(RunEvent.Type.TOOL_CALL).data()).containsEntry("arguments", "[redacted]");
            assertThat(events).noneMatch(e -> e.data().toString().contains("4111"));
        }
    }

    @Test
    void a_write_call_waits_for_approval_and_runs_once_approved_without_repeating_completed_calls() {
        ScriptedStreamingChatModel model = ScriptedStreamingChatModel.empty()
                .thenReply(calls(call("r1", "lookup", "{\"q\":\"a\"}"), call("w1", "save", "{\"q\":\"b\"}")))
                .thenReply("saved b");
        try (MaestroGraph graph = MaestroGraph.builder().agent(agent(model, lookup, save)).build()) {
            RunResult waiting = graph.run("t3", "look up a, then save b", events::add);

            assertThat(waiting.interrupted()).isTrue();
            assertThat(waiting.pendingAgent()).isEqualTo("general");
            assertThat(graph.pendingApproval("t3")).contains("general");
            assertThat(only(RunEvent.Type.INTERRUPTED).data()).containsEntry("tool", "save").containsEntry("risk", "write")
                    .containsEntry("arguments", "{\"q\":\"b\"}");
            assertThat(lookup.calls).hasValue(1);
            assertThat(save.calls).hasValue(0);

            RunResult done = graph.resume("t3", Approval.approve(), events::add);

            assertThat(done.interrupted()).isFalse();
            assertThat(done.answer()).isEqualTo("saved b");
            assertThat(lookup.calls).as("the completed read call is not repeated").hasValue(1);
            assertThat(save.calls).hasValue(1);
            assertThat(model.requests()).hasSize(2);
            assertThat(graph.pendingApproval("t3")).isEmpty();
        }
    }

    @Test
    void a_rejected_write_call_becomes_an_error_result_for_the_model() {
        ScriptedStreamingChatModel model = ScriptedStreamingChatModel.empty()
                .thenReply(calls(call("w1", "save", "{\"q\":\"b\"}")))
                .thenReply("I was not allowed to save.");
        try (MaestroGraph graph = MaestroGraph.builder().agent(agent(model, save)).build()) {
            assertThat(graph.run("t4", "save b", events::add).interrupted()).isTrue();

            RunResult done = graph.resume("t4", Approval.reject(), events::add);

            assertThat(done.answer()).isEqualTo("I was not allowed to save.");
            assertThat(save.calls).hasValue(0);
            String result = ((ToolExecutionResultMessage) model.requests().get(1).messages().getLast()).text();
            assertThat(result).contains("status=\"error\"", "The operator did not approve this WRITE call of save");
            // the next turn of the conversation starts clean
            model.thenReply("hello");
            RunResult next = graph.run("t4", "hi", RunListener.NONE);
            assertThat(next.interrupted()).isFalse();
            assertThat(next.answer()).isEqualTo("hello");
        }
    }

    private static LlmAgent agent(ScriptedStreamingChatModel model, Tool... tools) {
        return LlmAgent.builder().name("general").model(model, "m")
                .systemPrompt(PromptLibrary.standard().latest("general.system")).tools(ToolBox.of(List.of(tools))).build();
    }

    private RunEvent only(RunEvent.Type type) {
        List<RunEvent> matching = events.stream().filter(e -> e.type() == type).toList();
        assertThat(matching).as(type + " events").hasSize(1);
        return matching.get(0);
    }

    static AiMessage calls(ToolExecutionRequest... requests) {
        return AiMessage.from(List.of(requests));
    }

    static ToolExecutionRequest call(String id, String name, String args) {
        return ToolExecutionRequest.builder().id(id).name(name).arguments(args).build();
    }
}
