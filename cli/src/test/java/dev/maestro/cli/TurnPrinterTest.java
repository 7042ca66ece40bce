package dev.maestro.cli;

import dev.maestro.graph.RunEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TurnPrinterTest {

    private final TurnPrinter printer = new TurnPrinter(new PrintStream(new ByteArrayOutputStream()), true);

    private void result(String tool, boolean ok, long ms) {
        printer.onEvent(new RunEvent(RunEvent.Type.TOOL_RESULT, "general", 0, Map.of("tool", tool, "ok", ok, "ms", ms)));
    }

    @Test
    void a_turn_without_tool_calls_has_no_summary() {
        printer.onEvent(new RunEvent(RunEvent.Type.TOKEN, "general", 0, Map.of("text", "hi")));

        assertThat(printer.toolSummary()).isEmpty();
    }

    @Test
    void up_to_three_calls_are_listed_with_outcome_and_duration() {
        result("calculator", true, 2);
        result("http_get", false, 130);

        assertThat(printer.toolSummary()).isEqualTo("tools calculator ok 2 ms, http_get error 130 ms");
    }

    @Test
    void more_calls_are_counted_per_tool_with_the_failures() {
        for (int i = 0; i < 5; i++) {
            result("calculator", true, 1);
        }
        result("http_get", false, 10);
        result("http_get", true, 12);

        assertThat(printer.toolSummary()).isEqualTo("tools 7 calls: calculator×5, http_get×2, 1 failed");
    }

    @Test
    void calls_of_parallel_agents_are_listed_as_they_end_and_a_started_call_is_not_one_that_ended() {
        // the events in the shape the graph emits them: a call starts on each branch, then both end
        printer.onEvent(new RunEvent(RunEvent.Type.TOOL_CALL, "coder", 0, Map.of("agent", "coder", "tool", "read_file", "call", "c1",
                "arguments", "{\"path\":\"a.txt\"}", "risk", "read", "iteration", 1, "parallel", true)));
        printer.onEvent(new RunEvent(RunEvent.Type.TOOL_CALL, "researcher", 0, Map.of("agent", "researcher", "tool", "http_get", "call", "c2",
                "arguments", "[redacted]", "risk", "read", "iteration", 1, "parallel", true)));
        String whileRunning = printer.toolSummary();
        printer.onEvent(new RunEvent(RunEvent.Type.TOOL_RESULT, "researcher", 0, Map.of("agent", "researcher", "tool", "http_get", "call", "c2",
                "ok", false, "ms", 41L, "error", "Host not allowed", "parallel", true)));
        printer.onEvent(new RunEvent(RunEvent.Type.TOOL_RESULT, "coder", 0, Map.of("agent", "coder", "tool", "read_file", "call", "c1",
                "ok", true, "ms", 3L, "parallel", true)));

        assertThat(whileRunning).isEmpty();
        assertThat(printer.toolSummary()).isEqualTo("tools http_get error 41 ms, read_file ok 3 ms");
    }

    @Test
    void a_cascade_decision_follows_the_tools_in_the_compact_line() {
        assertThat(printer.cascadeSummary()).isEmpty();
        printer.onEvent(new RunEvent(RunEvent.Type.CASCADE, "general", 0, Map.of("small_model", "llama3.2", "large_model", "gpt-4o",
                "escalated", false, "confidence", 0.9)));
        assertThat(printer.toolSummary() + printer.cascadeSummary()).isEqualTo("cascade kept llama3.2 (confidence 0.90)");

        TurnPrinter other = new TurnPrinter(new PrintStream(new ByteArrayOutputStream()), true);
        other.onEvent(new RunEvent(RunEvent.Type.TOOL_RESULT, "general", 0, Map.of("tool", "calculator", "ok", true, "ms", 2L)));
        other.onEvent(new RunEvent(RunEvent.Type.CASCADE, "general", 0, Map.of("small_model", "llama3.2", "large_model", "gpt-4o",
                "escalated", true, "reason", "the answer is a refusal")));
        assertThat(other.toolSummary() + other.cascadeSummary())
                .isEqualTo("tools calculator ok 2 ms · cascade escalated to gpt-4o: the answer is a refusal");
    }

    @Test
    void a_cached_answer_shows_how_it_was_found_and_how_old_it_is_and_a_miss_shows_nothing() {
        printer.onEvent(new RunEvent(RunEvent.Type.CACHE, "general", 0, Map.of("agent", "general", "outcome", "miss")));
        assertThat(printer.cacheSummary(true)).isEmpty();

        printer.onEvent(new RunEvent(RunEvent.Type.CACHE, "general", 0, Map.of("agent", "general", "outcome", "hit", "kind", "semantic",
                "entry", 7, "similarity", 0.9412, "age_seconds", 7_300)));

        assertThat(printer.cacheSummary(true)).isEqualTo("cached (semantic 0.94, 2 h old)");
        assertThat(printer.cacheSummary(false)).isEqualTo(" · cached (semantic 0.94, 2 h old)");
        assertThat(printer.cacheHits()).hasSize(1);
    }
}
