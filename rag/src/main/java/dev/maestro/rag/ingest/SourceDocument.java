package dev.maestro.rag.ingest;

import dev.maestro.core.Ensure;

import java.util.List;
import java.util.Map;

/**
 * A parsed document before chunking: its sections in reading order.
 *
 * @param source   where it came from: an absolute path, or {@code path#id} for one record of a .jsonl file
 * @param title    title (first heading, HTML title, record title, or the file name); may be empty
 * @param sections heading sections (or PDF pages), at least one
 * @param metadata scalar metadata copied onto every chunk (strings, numbers, booleans)
 * @since 0.1
 */
public record SourceDocument(String source, String title, List<Section> sections, Map<String, Object> metadata) {

    public SourceDocument {
        Ensure.notBlank(source, "source");
        title = title == null ? "" : title.strip();
        sections = List.copyOf(sections);
        metadata = Map.copyOf(metadata);
    }

    /** A document of one untitled section. */
    public static SourceDocument of(String source, String title, String text, Map<String, Object> metadata) {
        return new SourceDocument(source, title, List.of(new Section("", text)), metadata);
    }

    /** All text, for emptiness checks. */
    public boolean isBlank() {
        return sections.stream().allMatch(s -> s.text().isBlank());
    }

    /**
     * One heading section.
     *
     * @param heading the heading path, e.g. {@code Install > Linux}; empty for text before any heading
     * @param text    its body, paragraphs separated by blank lines
     */
    public record Section(String heading, String text) {

        public Section {
            heading = heading == null ? "" : heading.strip();
            text = text == null ? "" : text;
        }
    }
}
