package dev.maestro.memory;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Turns one stored turn into an episode: the text shown when it is recalled, and the text that is embedded (which may
 * carry more context, such as the turn before it).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface EpisodeFormatter {

    /**
     * @param turn     the message to remember
     * @param previous the message before it in the same conversation, or null
     */
    Episode format(StoredMessage turn, StoredMessage previous);

    /** What to store: {@code content} is shown on recall, {@code embeddedText} is embedded. */
    record Episode(String content, String embeddedText) {
    }

    /**
     * {@code "[8 May 2023] Caroline: text"}; the embedded text also starts with the previous turn, when
     * {@code withPrevious}, because an answer often only makes sense next to its question.
     */
    static EpisodeFormatter speakerAndDate(ZoneId zone, boolean withPrevious) {
        DateTimeFormatter date = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).withZone(zone);
        return (turn, previous) -> {
            String content = "[" + date.format(turn.createdAt()) + "] " + speaker(turn) + ": " + turn.content();
            if (!withPrevious || previous == null) {
                return new Episode(content, content);
            }
            return new Episode(content, content + "\n(in reply to " + speaker(previous) + ": " + previous.content() + ")");
        };
    }

    private static String speaker(StoredMessage m) {
        return m.name() != null ? m.name() : m.role();
    }
}
