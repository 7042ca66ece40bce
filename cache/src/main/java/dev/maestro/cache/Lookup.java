package dev.maestro.cache;

import java.time.Duration;
import java.time.Instant;

/**
 * What the cache found for a request.
 *
 * @param hit        whether {@code entry}'s answer is to be reused
 * @param kind       how the entry was found; {@link Kind#NONE} when the cache is empty for the key
 * @param entry      the reused entry, or the nearest one a miss explored; null when there was none
 * @param similarity the request's cosine similarity to {@code entry} (1 for an exact match), NaN without an entry
 * @param decision   the policy's decision on a semantic match, null otherwise
 */
public record Lookup(boolean hit, Kind kind, CacheEntry entry, double similarity, ReusePolicy.Decision decision) {

    public enum Kind { EXACT, SEMANTIC, NONE }

    static Lookup none() {
        return new Lookup(false, Kind.NONE, null, Double.NaN, null);
    }

    /** The entry's age at {@code now}, zero without an entry. */
    public Duration age(Instant now) {
        return entry == null ? Duration.ZERO : Duration.between(entry.createdAt(), now);
    }
}
