package dev.maestro.tools.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps what a stdio MCP server prints on stderr, so a failure can quote it. LangChain4j's transport reads stderr
 * only into its debug log, so the command runs under {@code /bin/sh}, which sends stderr to a file first.
 */
final class StderrCapture {

    static final String FILE_VARIABLE = "MAESTRO_MCP_STDERR";
    /** Most characters quoted from the end of stderr. */
    static final int MAX_TAIL_CHARS = 2000;
    private static final Path SH = Path.of("/bin/sh");

    private final Path file;

    private StderrCapture(Path file) {
        this.file = file;
    }

    static StderrCapture create(String server) {
        if (!Files.isExecutable(SH)) {
            return new StderrCapture(null);
        }
        try {
            return new StderrCapture(Files.createTempFile("maestro-mcp-" + server + "-", ".stderr"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a file for the stderr of MCP server " + server, e);
        }
    }

    List<String> wrap(List<String> command) {
        if (file == null) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(SH.toString(), "-c", "exec \"$0\" \"$@\" 2>>\"$" + FILE_VARIABLE + "\""));
        wrapped.addAll(command);
        return wrapped;
    }

    Map<String, String> environment(Map<String, String> env) {
        Map<String, String> out = new HashMap<>(env);
        if (file != null) {
            out.put(FILE_VARIABLE, file.toString());
        }
        return out;
    }

    String tail() {
        if (file == null) {
            return "";
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.length() <= MAX_TAIL_CHARS ? text : "…" + text.substring(text.length() - MAX_TAIL_CHARS);
        } catch (IOException e) {
            return "";
        }
    }

    void delete() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file; the OS cleans it eventually
            }
        }
    }
}
