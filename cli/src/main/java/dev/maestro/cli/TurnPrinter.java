package dev.maestro.cli;

import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunListener;
import dev.maestro.graph.RunResult;

import java.io.PrintStream;
import java.util.Map;

/**
 * Prints a turn as it happens: tokens of the answering agent as they stream. When several agents work in
 * parallel their tokens would interleave, so the merged answer is printed once they are done instead.
 */
final class TurnPrinter implements RunListener {

    private final PrintStream out;
    private final boolean stream;
    private final StringBuilder streamed = new StringBuilder();
    private volatile boolean atLineStart = true;
    private volatile boolean cancelled;
    private volatile Map<String, Object> route = Map.of();

    TurnPrinter(PrintStream out, boolean stream) {
        this.out = out;
        this.stream = stream;
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event.type() == RunEvent.Type.ROUTE) {
            route = event.data();
        }
        if (!stream || cancelled || event.type() != RunEvent.Type.TOKEN || Boolean.TRUE.equals(event.data().get("parallel"))) {
            return;
        }
        String text = event.text("text");
        synchronized (out) {
            out.print(text);
            out.flush();
        }
        if (!text.isEmpty()) {
            streamed.append(text);
            atLineStart = text.endsWith("\n");
        }
    }

    /** The turn's route event (route, decided_by, confidence, reason, ...); empty before it, or when the turn had none. */
    Map<String, Object> route() {
        return route;
    }

    /** How the route was decided, e.g. {@code embedding}, {@code llm} or {@code default}; empty when unknown. */
    String decidedBy() {
        Object by = route.get("decided_by");
        return by == null ? "" : by.toString();
    }

    /** Stops printing tokens (the user pressed Ctrl-C). */
    void cancel() {
        cancelled = true;
    }

    /** Prints what was not streamed (a merged or revised answer) and ends the line. */
    void finish(RunResult result) {
        if (!stream) {
            return;
        }
        if (!result.interrupted() && !result.answer().contentEquals(streamed)) {
            endLine();
            if (!streamed.isEmpty()) {
                out.println("--- revised answer ---");
            }
            out.print(result.answer());
            atLineStart = result.answer().endsWith("\n");
        }
        endLine();
    }

    void endLine() {
        if (!atLineStart) {
            out.println();
            atLineStart = true;
        }
    }
}
