package dev.maestro.agents;

import dev.maestro.tools.ToolContext;
import dev.maestro.tools.ToolResult;

import java.util.List;

/**
 * What an agent reports to its caller while it works: streamed answer tokens in order (on the provider's thread),
 * retrievals, and its tool calls. A tool-calling agent also asks it for the task's {@link ToolJournal} and for
 * approvals; the defaults keep no journal and reject every call that needs approval, which is safe when nobody can
 * approve.
 */
@FunctionalInterface
public interface TokenSink {

    TokenSink NONE = token -> { };

    void onToken(String token);

    /** The agent retrieved {@code sources} (labels, in the order it was given them) with {@code strategy}, before answering. */
    default void onRetrieval(String strategy, List<String> sources) {
    }

    /** A call is about to run (after approval, when it needed one). Called from the call's thread. */
    default void onToolCall(ToolCall call) {
    }

    /** A call ended, well or not (unknown tool, invalid arguments, failure, timeout, refusal). Called from the call's thread. */
    default void onToolResult(ToolCall call, ToolResult result) {
    }

    /** Who the tool calls run for (the conversation, for per-user tools such as memory search); none by default. */
    default ToolContext toolContext() {
        return ToolContext.NONE;
    }

    /** Where this task's tool loop is recorded so a rerun repeats no completed call. */
    default ToolJournal toolJournal() {
        return ToolJournal.NONE;
    }

    /** Whether a WRITE or DANGEROUS call of a non-autonomous agent may run. */
    default ToolApproval approve(ToolCall call) {
        return ToolApproval.REJECTED;
    }
}
