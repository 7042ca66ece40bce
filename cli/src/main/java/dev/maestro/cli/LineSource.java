package dev.maestro.cli;

import org.jline.reader.LineReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Where the chat REPL reads lines from: JLine at a terminal, or plain standard input. */
interface LineSource {

    /** The next line, or null at end of input. */
    String read(String prompt);

    static LineSource jline(LineReader reader) {
        return reader::readLine;
    }

    static LineSource plain(InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return prompt -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read standard input", e);
            }
        };
    }
}
