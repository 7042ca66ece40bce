package dev.maestro.cli;

import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunListener;
import dev.maestro.graph.RunResult;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

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
    private final List<Map<String, Object>> toolResults = new CopyOnWriteArrayList<>();
    private volatile Map<String, Object> finished = Map.of();
    private final List<Map<String, Object>> cascades = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> cacheHits = new CopyOnWriteArrayList<>();

    TurnPrinter(PrintStream out, boolean stream) {
        this.out = out;
        this.stream = stream;
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event.type() == RunEvent.Type.ROUTE) {
            route = event.data();
        }
        if (event.type() == RunEvent.Type.TOOL_RESULT) {
            toolResults.add(event.data());
        }
        if (event.type() == RunEvent.Type.RUN_FINISHED) {
            finished = event.data();
        }
        if (event.type() == RunEvent.Type.CASCADE) {
            cascades.add(event.data());
        }
        if (event.type() == RunEvent.Type.CACHE && "hit".equals(event.data().get("outcome"))) {
            cacheHits.add(event.data());
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

    /**
     * The turn's tool calls for the compact line: each call with its outcome and duration when there are up to three
     * ({@code tools calculator ok 2 ms, http_get error 130 ms}), else counts per tool ({@code tools 7 calls: calculator×5,
     * http_get×2, 1 failed}); empty without calls.
     */
    String toolSummary() {
        List<Map<String, Object>> results = List.copyOf(toolResults);
        if (results.isEmpty()) {
            return "";
        }
        if (results.size() <= 3) {
            StringBuilder s = new StringBuilder("tools ");
            for (int i = 0; i < results.size(); i++) {
                Map<String, Object> r = results.get(i);
                s.append(i == 0 ? "" : ", ").append(r.get("tool")).append(Boolean.TRUE.equals(r.get("ok")) ? " ok " : " error ")
                        .append(r.get("ms")).append(" ms");
            }
            return s.toString();
        }
        Map<String, Integer> perTool = new LinkedHashMap<>();
        int failed = 0;
        for (Map<String, Object> r : results) {
            perTool.merge(String.valueOf(r.get("tool")), 1, Integer::sum);
            failed += Boolean.TRUE.equals(r.get("ok")) ? 0 : 1;
        }
        StringBuilder s = new StringBuilder("tools ").append(results.size()).append(" calls: ");
        perTool.forEach((tool, n) -> s.append(tool).append('×').append(n).append(", "));
        s.setLength(s.length() - 2);
        return failed == 0 ? s.toString() : s.append(", ").append(failed).append(" failed").toString();
    }

    /**
     * The turn's cascade decisions for the compact line, after the tools: {@code cascade kept llama3.2 (confidence 0.90)}
     * or {@code cascade escalated to gpt-4o: the answer is a refusal}; empty when no agent cascaded. Starts with a
     * separator when there is something to show, so it can follow {@link #toolSummary()} directly.
     */
    String cascadeSummary() {
        StringBuilder s = new StringBuilder();
        for (Map<String, Object> c : cascades) {
            s.append(s.isEmpty() && toolResults.isEmpty() ? "" : " · ").append("cascade ");
            if (Boolean.TRUE.equals(c.get("escalated"))) {
                s.append("escalated to ").append(c.get("large_model")).append(": ").append(c.get("reason"));
            } else {
                s.append("kept ").append(c.get("small_model"));
                if (c.get("confidence") instanceof Number n) {
                    s.append(String.format(java.util.Locale.ROOT, " (confidence %.2f)", n.doubleValue()));
                }
            }
        }
        return s.toString();
    }

    /** The answers of this turn that came from the cache: each {@code cache} event of a hit (entry, similarity, kind). */
    List<Map<String, Object>> cacheHits() {
        return List.copyOf(cacheHits);
    }

    /**
     * The turn's cache hits for the compact line, after the cascade: {@code cached (semantic 0.94, 2 h old)}; empty
     * when nothing came from the cache. Starts with a separator unless {@code first}.
     */
    String cacheSummary(boolean first) {
        StringBuilder s = new StringBuilder();
        for (Map<String, Object> c : cacheHits) {
            s.append(first && s.isEmpty() ? "" : " · ").append("cached (").append(c.get("kind"));
            if ("semantic".equals(c.get("kind")) && c.get("similarity") instanceof Number n) {
                s.append(String.format(java.util.Locale.ROOT, " %.2f", n.doubleValue()));
            }
            if (c.get("age_seconds") instanceof Number age) {
                s.append(", ").append(age(age.longValue())).append(" old");
            }
            s.append(')');
        }
        return s.toString();
    }

    private static String age(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        return seconds < 86_400 ? seconds / 3600 + " h" : seconds / 86_400 + " d";
    }

    /** The turn's cost for the compact line: {@code $0.000123}, or {@code cost unknown} when a model had no price. */
    String costSummary() {
        Object usd = finished.get("cost_usd");
        if (usd instanceof Number n && Boolean.TRUE.equals(finished.get("cost_complete"))) {
            return "$" + new java.math.BigDecimal(n.toString()).setScale(6, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
        return finished.isEmpty() ? "" : "cost unknown";
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
