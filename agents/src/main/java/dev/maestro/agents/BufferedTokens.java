package dev.maestro.agents;

import dev.maestro.tools.ToolContext;
import dev.maestro.tools.ToolResult;

import java.util.List;

/**
 * A sink that holds back answer tokens and passes everything else on: a cascade's small model must not stream text
 * the large one might replace, or the user would read two answers spliced together.
 */
final class BufferedTokens implements TokenSink {

    private final TokenSink next;

    BufferedTokens(TokenSink next) {
        this.next = next;
    }

    @Override
    public void onToken(String token) {
        // held back: the reply's text is the buffer, emitted whole once the checks pass
    }

    @Override
    public void onRetrieval(String strategy, List<String> sources) {
        next.onRetrieval(strategy, sources);
    }

    @Override
    public void onToolCall(ToolCall call) {
        next.onToolCall(call);
    }

    @Override
    public void onToolResult(ToolCall call, ToolResult result) {
        next.onToolResult(call, result);
    }

    @Override
    public ToolContext toolContext() {
        return next.toolContext();
    }

    @Override
    public ToolJournal toolJournal() {
        return next.toolJournal();
    }

    @Override
    public ToolApproval approve(ToolCall call) {
        return next.approve(call);
    }
}
