package dev.maestro.tools;

/**
 * What one call gave back.
 *
 * @param tool       the tool's name as the model called it
 * @param ok         false when the call failed, timed out, was refused or had invalid arguments
 * @param text       the output, or the error message when not {@code ok}; what the model is shown
 * @param durationMs wall time of the call, validation included
 * @since 0.1
 */
public record ToolResult(String tool, boolean ok, String text, long durationMs) {

    public ToolResult {
        text = text == null ? "" : text;
    }

    public static ToolResult ok(String tool, String text, long durationMs) {
        return new ToolResult(tool, true, text, durationMs);
    }

    public static ToolResult error(String tool, String message, long durationMs) {
        return new ToolResult(tool, false, message, durationMs);
    }
}
