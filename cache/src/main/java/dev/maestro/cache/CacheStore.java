package dev.maestro.cache;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where entries live: PostgreSQL in Maestro ({@link PostgresCacheStore}), memory in evaluations and tests. */
public interface CacheStore {

    /** An entry whose question is exactly {@code question} (after {@link SemanticCache#normalize}) and not expired. */
    Optional<CacheEntry> exact(CacheKey key, String question);

    /** The nearest unexpired entry under {@code key} by cosine similarity, or empty when there is none. */
    Optional<Match> nearest(CacheKey key, float[] vector);

    /**
     * The exact match and, when there is none and {@code vector} is given, the nearest entry: what a lookup needs,
     * which a store may answer in one round trip.
     */
    default Found find(CacheKey key, String question, float[] vector) {
        Optional<CacheEntry> exact = exact(key, question);
        if (exact.isPresent() || vector == null) {
            return new Found(exact, Optional.empty());
        }
        return new Found(Optional.empty(), nearest(key, vector));
    }

    record Found(Optional<CacheEntry> exact, Optional<Match> nearest) {
    }

    /** Stores an answer; returns the entry's id. */
    long put(CacheKey key, String question, float[] vector, String answer, Duration ttl);

    /** Appends evidence to an entry (nothing when it was evicted meanwhile). */
    void observe(long entryId, Observation observation);

    /** The newest observations (at most {@code limit}) of all entries under {@code key}. */
    List<Observation> pooled(CacheKey key, int limit);

    /** Counts a reuse of an entry. */
    void hit(long entryId);

    /** Keeps at most {@code maxEntries} entries (the least recently used go first) and drops expired ones; returns how many went. */
    int evict(long maxEntries);

    /** Entry counts and totals, of one tenant or (null) of all. */
    Stats stats(String tenant);

    /** Deletes the entries of one tenant, or (null) all; returns how many. */
    int clear(String tenant);

    /** An entry and its similarity to the request. */
    record Match(CacheEntry entry, double similarity) {
    }

    /**
     * @param entries      unexpired entries
     * @param hits         reuses counted on them
     * @param observations evidence recorded on them
     * @param wrong        of which, observed wrong reuses (explorations that disagreed, and negative feedback)
     * @param byAgent      entries per agent
     */
    record Stats(long entries, long hits, long observations, long wrong, List<AgentCount> byAgent) {
    }

    record AgentCount(String agent, long entries, long hits) {
    }
}
