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
}
