package dev.maestro.spring;

import org.slf4j.Logger;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Maestro's set-up messages ("preparing the local database", ...) as log lines instead of standard error. */
final class SetupLog extends OutputStream {

    private final Logger log;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private SetupLog(Logger log) {
        this.log = log;
    }

    static PrintStream to(Logger log) {
        return new PrintStream(new SetupLog(log), false, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void close() {
        flushLine();
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8).strip();
        line.reset();
        if (!text.isEmpty()) {
            log.info(text);
        }
    }
}
