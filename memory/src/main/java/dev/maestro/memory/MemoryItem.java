package dev.maestro.memory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One long-term item: a fact or an episode.
 *
 * @param conversationId   the conversation it came from; null when that conversation was deleted
 * @param sourceMessageIds the messages it was made from
 * @param metadata         free-form strings, e.g. the speaker's name or an external turn id
 * @param importance       0 to 1; ranks recall together with similarity and recency
 * @param validFrom        when it became true (the time of its source message)
 * @param validTo          when a newer fact superseded it; null while it holds
 * @param supersededBy     the id of that newer fact, or null
 * @since 0.1
 */
public record MemoryItem(long id, Scope scope, UUID conversationId, MemoryKind kind, String content,
                         List<Long> sourceMessageIds, Map<String, String> metadata, double importance,
                         Instant createdAt, Instant validFrom, Instant validTo, Long supersededBy) {

    public MemoryItem {
        sourceMessageIds = List.copyOf(sourceMessageIds);
        metadata = Map.copyOf(metadata);
    }

    /** True while no newer fact has superseded it. */
    public boolean active() {
        return validTo == null;
    }
}
