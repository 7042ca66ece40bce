package dev.maestro.cli;

import dev.maestro.core.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Turns command-line words or standard input into a prompt, rejecting what no model should be sent. */
final class PromptInput {

    /** What the JVM substitutes for argument bytes that are not valid in the platform encoding. */
    private static final char REPLACEMENT = '\uFFFD';

    private PromptInput() {
    }

    /** The prompt from the words given, or from standard input when the only word is {@code -}. */
    static String read(List<String> words, InputStream stdin, int maxChars) {
        String prompt;
        if (words == null || words.isEmpty()) {
            throw new InvalidInputException("No prompt given: pass it as arguments, e.g. maestro ask \"What is pgvector?\", or use - to read standard input.");
        }
        if (words.size() == 1 && words.get(0).equals("-")) {
            prompt = decodeStrict(readAll(stdin, maxChars));
        } else {
            prompt = String.join(" ", words);
            if (prompt.indexOf(REPLACEMENT) >= 0) {
                throw new InvalidInputException("The prompt is not valid UTF-8 (the terminal passed bytes that do not decode); "
                        + "fix the terminal's encoding or pipe the text through standard input with `maestro ask -`.");
            }
        }
        return validate(prompt, maxChars);
    }

    static String validate(String prompt, int maxChars) {
        if (prompt.isBlank()) {
            throw new InvalidInputException("The prompt is empty: write a question, e.g. maestro ask \"What is pgvector?\".");
        }
        if (prompt.length() > maxChars) {
            throw new InvalidInputException("The prompt has " + prompt.length() + " characters, more than the limit of " + maxChars
                    + "; shorten it or raise prompt.max-chars (MAESTRO_MAX_PROMPT_CHARS).");
        }
        return prompt;
    }

    private static byte[] readAll(InputStream in, int maxChars) {
        try {
            // UTF-8 needs at most 4 bytes a character: read one byte past that bound to detect oversize input
            // without holding an unbounded stream in memory.
            long limit = 4L * maxChars + 1;
            byte[] bytes = in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
            if (bytes.length >= limit) {
                throw new InvalidInputException("Standard input is larger than the prompt limit of " + maxChars
                        + " characters; shorten it or raise prompt.max-chars (MAESTRO_MAX_PROMPT_CHARS).");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the prompt from standard input", e);
        }
    }

    private static String decodeStrict(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("The prompt on standard input is not valid UTF-8; convert it (e.g. with iconv -t UTF-8) and retry.");
        }
    }
}
