package dev.maestro.graph;

import dev.maestro.agents.TokenSink;
import dev.maestro.agents.ToolApproval;
import dev.maestro.agents.ToolCall;
import dev.maestro.agents.ToolJournal;
import dev.maestro.tools.ToolContext;
import dev.maestro.tools.ToolResult;
import org.bsc.langgraph4j.RunnableConfig;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Turns what nodes do into {@link RunEvent}s for the run's listener, which travels in run-scoped metadata. */
final class Events {

    /** Metadata key of the run's listener; metadata is never checkpointed. */
    static final String LISTENER = "maestro.listener";
    /** What tool_call events carry instead of the arguments when the graph redacts them. */
    static final String REDACTED = "[redacted]";

    private Events() {
    }

    static Sink of(RunnableConfig config, Clock clock) {
        RunListener listener = config.metadata(LISTENER).map(RunListener.class::cast).orElse(RunListener.NONE);
        return new Sink(listener, clock);
    }

    record Sink(RunListener listener, Clock clock) {

        void emit(RunEvent.Type type, String node, Map<String, Object> data) {
            listener.onEvent(new RunEvent(type, node, clock.millis(), data));
        }

        TokenSink tokens(String agent, boolean parallel) {
            return tools(agent, "", parallel, ToolJournal.NONE, call -> ToolApproval.REJECTED, false);
        }

        /** Tokens and retrievals as {@link #tokens}, plus tool events, the task's journal and its approvals. */
        TokenSink tools(String agent, String conversation, boolean parallel, ToolJournal journal, Function<ToolCall, ToolApproval> approvals,
                        boolean redact) {
            ToolContext context = new ToolContext(conversation, agent);
            return new TokenSink() {
                @Override
                public ToolContext toolContext() {
                    return context;
                }

                @Override
                public void onToolCall(ToolCall call) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("agent", agent);
                    data.put("tool", call.tool());
                    data.put("call", call.id());
                    data.put("arguments", redact ? REDACTED : call.arguments());
                    data.put("risk", call.risk().name().toLowerCase(Locale.ROOT));
                    data.put("iteration", call.iteration());
                    data.put("parallel", parallel);
                    emit(RunEvent.Type.TOOL_CALL, agent, data);
                }

                @Override
                public void onToolResult(ToolCall call, ToolResult result) {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("agent", agent);
                    data.put("tool", call.tool());
                    data.put("call", call.id());
                    data.put("ok", result.ok());
                    data.put("ms", result.durationMs());
                    if (!result.ok()) {
                        data.put("error", result.text());
                    }
                    data.put("parallel", parallel);
                    emit(RunEvent.Type.TOOL_RESULT, agent, data);
                }

                @Override
                public ToolJournal toolJournal() {
                    return journal;
                }

                @Override
                public ToolApproval approve(ToolCall call) {
                    return approvals.apply(call);
                }

                @Override
                public void onToken(String token) {
                    emit(RunEvent.Type.TOKEN, agent, Map.of("agent", agent, "text", token, "parallel", parallel));
                }

                @Override
                public void onRetrieval(String strategy, List<String> sources) {
                    emit(RunEvent.Type.RETRIEVAL, agent, Map.of("agent", agent, "strategy", strategy, "sources", sources,
                            "parallel", parallel));
                }
            };
        }
    }
}
