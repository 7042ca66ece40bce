package dev.maestro;

import dev.maestro.core.DatabaseException;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs {@code scripts/postgres-local.sh}: its stderr goes to the user's stderr, and a {@code MAESTRO_DB_URL=} line on its
 * stdout (the Docker case) is returned. Other stdout lines are passed to stderr too.
 */
final class SetupScript {

    static final String URL_PREFIX = "MAESTRO_DB_URL=";
    private static final File NO_INPUT = new File("/dev/null");

    private final Path script;
    private final PrintStream err;

    /** @param script the script, or null when it was not found (then {@link #run()} does nothing) */
    SetupScript(Path script, PrintStream err) {
        this.script = script;
        this.err = err;
    }

    /** @return the URL the script printed, if any */
    Optional<String> run() {
        if (script == null) {
            return Optional.empty();
        }
        Process process;
        try {
            process = new ProcessBuilder("bash", script.toString()).redirectInput(NO_INPUT).start();
        } catch (IOException e) {
            throw new DatabaseException("Cannot run " + script + " (" + e.getMessage() + ") — run it by hand, or set MAESTRO_DB_URL"
                    + " to a PostgreSQL server with pgvector", e);
        }
        Thread stderr = Thread.ofVirtual().start(() -> copy(process.getErrorStream()));
        String url = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(URL_PREFIX)) {
                    url = line.substring(URL_PREFIX.length()).trim();
                } else {
                    err.println(line);
                }
            }
            int exit = process.waitFor();
            stderr.join();
            if (exit != 0) {
                throw new DatabaseException(script.getFileName() + " could not provide PostgreSQL with pgvector (exit " + exit
                        + "; see its messages above) — fix that, or set MAESTRO_DB_URL to a PostgreSQL server with pgvector");
            }
        } catch (IOException e) {
            throw new DatabaseException("Reading the output of " + script + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new DatabaseException("Interrupted while " + script + " was running", e);
        }
        return Optional.ofNullable(url).filter(u -> !u.isEmpty());
    }

    private void copy(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                err.println(line);
            }
        } catch (IOException e) {
            // the stream broke because the process is gone; its exit status tells the rest
        }
    }
}
