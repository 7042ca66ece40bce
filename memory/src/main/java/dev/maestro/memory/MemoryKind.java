package dev.maestro.memory;

import java.util.Locale;

/**
 * The two kinds of long-term item: an {@link #EPISODE} is one stored turn (embedded without any LLM), a
 * {@link #FACT} is a statement a chat model extracted from the conversation.
 *
 * @since 0.1
 */
public enum MemoryKind {
    FACT,
    EPISODE;

    String sql() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MemoryKind fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
