package dev.maestro.cache;

import dev.maestro.core.Ensure;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * An answer cache: exact match first, then the nearest entry by embedding, reused when the {@link VerifiedPolicy}
 * says so. A miss that had a nearest entry is an exploration: once the fresh answer is known, {@link #learn} tells
 * the entry whether it would have been right, and stores the fresh answer as an entry of its own when it would not.
 *
 * <pre>{@code
 * SemanticCache cache = SemanticCache.builder().store(store).policy(new VerifiedPolicy(0.02, 0.97)).judge(judge).build();
 * Lookup found = cache.lookup(key, question, vector);
 * String answer = found.hit() ? found.entry().answer() : model.answer(question);
 * cache.learn(key, question, vector, answer, found);
 * }</pre>
 */
public final class SemanticCache {

    private static final int EVICT_EVERY = 100;
    /** Observations of a key that make a young entry's prior. */
    static final int POOLED = 1000;

    private final CacheStore store;
    private final ReusePolicy policy;
    private final AnswerJudge judge;
    private final RandomGenerator random;
    private final Duration ttl;
    private final long maxEntries;
    private final AtomicLong puts = new AtomicLong();

    private SemanticCache(Builder b) {
        this.store = Ensure.notNull(b.store, "store");
        this.policy = Ensure.notNull(b.policy, "policy");
        this.judge = Ensure.notNull(b.judge, "judge");
        this.random = b.random == null ? new SplittableRandom() : b.random;
        this.ttl = b.ttl;
        this.maxEntries = b.maxEntries;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ReusePolicy policy() {
        return policy;
    }

    public CacheStore store() {
        return store;
    }

    /** Lower case, single spaces, no trailing punctuation: what an exact match compares. */
    public static String normalize(String question) {
        return question.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("[\\s?.!]+$", "");
    }

    /**
     * Looks for a reusable answer. {@code vector} is the question's embedding, or null for exact matching only.
     * A reuse is counted on the entry.
     */
    public Lookup lookup(CacheKey key, String question, float[] vector) {
        CacheStore.Found found = store.find(key, normalize(question), vector);
        Optional<CacheEntry> exact = found.exact();
        if (exact.isPresent()) {
            store.hit(exact.get().id());
            return new Lookup(true, Lookup.Kind.EXACT, exact.get(), 1.0, null);
        }
        Optional<CacheStore.Match> nearest = found.nearest();
        if (nearest.isEmpty()) {
            return Lookup.none();
        }
        CacheStore.Match m = nearest.get();
        ReusePolicy.Decision decision;
        synchronized (random) {
            decision = policy.decide(m.similarity(), m.entry().observations(), store.pooled(key, POOLED), random);
        }
        if (decision.reuse()) {
            store.hit(m.entry().id());
        }
        return new Lookup(decision.reuse(), Lookup.Kind.SEMANTIC, m.entry(), m.similarity(), decision);
    }

    /**
     * After a miss, with the fresh {@code answer}: the explored entry learns whether it would have been right, and
     * the answer is stored unless the entry already says the same. Returns the new entry's id, or empty.
     */
    public Optional<Long> learn(CacheKey key, String question, float[] vector, String answer, Lookup lookup) {
        if (lookup.hit()) {
            return Optional.empty();
        }
        if (lookup.entry() != null && lookup.kind() == Lookup.Kind.SEMANTIC) {
            boolean correct = judge.equivalent(answer, lookup.entry().answer());
            store.observe(lookup.entry().id(), new Observation(lookup.similarity(), correct));
            if (correct) {
                return Optional.empty();
            }
        }
        long id = store.put(key, normalize(question), vector, answer, ttl);
        if (maxEntries > 0 && puts.incrementAndGet() % EVICT_EVERY == 0) {
            store.evict(maxEntries);
        }
        return Optional.of(id);
    }

    /** A person's verdict on a reuse of {@code entryId} at {@code similarity}: evidence like an exploration's. */
    public void feedback(long entryId, double similarity, boolean correct) {
        store.observe(entryId, new Observation(similarity, correct));
    }

    public static final class Builder {
        private CacheStore store;
        private ReusePolicy policy;
        private AnswerJudge judge;
        private RandomGenerator random;
        private Duration ttl = Duration.ofDays(7);
        private long maxEntries;

        public Builder store(CacheStore store) {
            this.store = store;
            return this;
        }

        public Builder policy(ReusePolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder judge(AnswerJudge judge) {
            this.judge = judge;
            return this;
        }

        /** The source of exploration draws; a seeded one makes runs repeatable. */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        /** How long an entry lives (default 7 days). */
        public Builder ttl(Duration ttl) {
            this.ttl = Ensure.notNull(ttl, "ttl");
            return this;
        }

        /** At most this many entries (0: no limit); checked every hundred new entries. */
        public Builder maxEntries(long maxEntries) {
            this.maxEntries = maxEntries;
            return this;
        }

        public SemanticCache build() {
            return new SemanticCache(this);
        }
    }
}
