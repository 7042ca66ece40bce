package dev.maestro.cache;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SemanticCacheTest {

    private static final CacheKey KEY = new CacheKey("acme", "general", "m", "general.system@v1", "");
    private final InMemoryCacheStore store = new InMemoryCacheStore();
    private final SemanticCache cache = SemanticCache.builder().store(store).policy(ReusePolicy.staticThreshold(0.9))
            .judge(String::equals).ttl(Duration.ofHours(1)).build();

    @Test
    void an_exact_question_is_reused_whatever_its_case_spacing_or_final_punctuation() {
        Lookup miss = cache.lookup(KEY, "What is pgvector?", new float[] {1, 0});
        cache.learn(KEY, "What is pgvector?", new float[] {1, 0}, "An extension.", miss);

        Lookup hit = cache.lookup(KEY, "  what   is PGVECTOR ", null);

        assertThat(hit.hit()).isTrue();
        assertThat(hit.kind()).isEqualTo(Lookup.Kind.EXACT);
        assertThat(hit.entry().answer()).isEqualTo("An extension.");
        assertThat(store.stats("acme").hits()).isEqualTo(1);
    }

    @Test
    void another_key_never_sees_the_entry() {
        cache.learn(KEY, "q", new float[] {1, 0}, "a", cache.lookup(KEY, "q", new float[] {1, 0}));
        CacheKey otherTenant = new CacheKey("globex", "general", "m", "general.system@v1", "");
        CacheKey otherPrompt = new CacheKey("acme", "general", "m", "general.system@v2", "");

        assertThat(cache.lookup(otherTenant, "q", new float[] {1, 0}).entry()).isNull();
        assertThat(cache.lookup(otherPrompt, "q", new float[] {1, 0}).entry()).isNull();
    }

    @Test
    void an_exploration_that_disagrees_stores_the_fresh_answer_and_teaches_the_entry_and_one_that_agrees_does_not_store() {
        cache.learn(KEY, "first", new float[] {1, 0}, "A", cache.lookup(KEY, "first", new float[] {1, 0}));

        Lookup near = cache.lookup(KEY, "second", new float[] {0.8f, 0.6f}); // similarity 0.8 < 0.9: explored
        assertThat(near.hit()).isFalse();
        assertThat(near.similarity()).isCloseTo(0.8, org.assertj.core.api.Assertions.within(1e-6));
        cache.learn(KEY, "second", new float[] {0.8f, 0.6f}, "B", near);
        Lookup agreeing = cache.lookup(KEY, "third", new float[] {0, 1}); // nearest is B, at 0.6: explored, and agrees
        assertThat(agreeing.entry().answer()).isEqualTo("B");
        cache.learn(KEY, "third", new float[] {0, 1}, "B", agreeing);

        assertThat(store.stats(null).entries()).isEqualTo(2);
        assertThat(store.stats(null).observations()).isEqualTo(2);
        assertThat(store.stats(null).wrong()).isEqualTo(1);
    }

    @Test
    void entries_expire_and_the_least_recently_used_go_first() {
        Instant[] now = {Instant.parse("2026-12-07T10:00:00Z")};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now[0];
            }
        };
        InMemoryCacheStore timed = new InMemoryCacheStore(clock);
        long a = timed.put(KEY, "a", new float[] {1, 0}, "A", Duration.ofMinutes(10));
        now[0] = now[0].plusSeconds(60);
        timed.put(KEY, "b", new float[] {0, 1}, "B", Duration.ofHours(1));
        now[0] = now[0].plusSeconds(60);
        timed.put(KEY, "c", new float[] {1, 1}, "C", Duration.ofHours(1));
        timed.hit(a);

        assertThat(timed.evict(2)).isEqualTo(1); // b: least recently used
        assertThat(timed.exact(KEY, "b")).isEmpty();
        now[0] = now[0].plus(Duration.ofMinutes(20));
        assertThat(timed.exact(KEY, "a")).isEmpty(); // expired
        assertThat(timed.stats(null).entries()).isEqualTo(1);
    }
}
