package dev.maestro.tools.builtin;

import java.util.List;

/** The names of the built-in tools, as agents write them in {@code tools:}. The wiring layer creates the tools themselves. */
public final class BuiltinTools {

    public static final List<String> NAMES = List.of(CurrentTimeTool.NAME, CalculatorTool.NAME, HttpGetTool.NAME,
            "read_file", "list_files", "write_file", SearchTool.RETRIEVAL, SearchTool.MEMORY);

    private BuiltinTools() {
    }
}
