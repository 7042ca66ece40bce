package dev.maestro.cache;

import java.time.Instant;
import java.util.List;

/**
 * A cached answer and what its reuses taught it.
 *
 * @param observations the entry's evidence for its reuse threshold, oldest first
 * @param hits         how often it was reused
 */
public record CacheEntry(long id, String question, String answer, Instant createdAt, List<Observation> observations, long hits) {

    public CacheEntry {
        observations = List.copyOf(observations);
    }
}
