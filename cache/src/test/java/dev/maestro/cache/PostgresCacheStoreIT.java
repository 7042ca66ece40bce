package dev.maestro.cache;

import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PostgresCacheStoreIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    private static final CacheKey ACME = new CacheKey("acme", "general", "m", "p@v1", "");
    private static final CacheKey GLOBEX = new CacheKey("globex", "general", "m", "p@v1", "");
    private PostgresCacheStore store;

    @BeforeEach
    void fresh() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("delete from answer_cache");
        }
        store = new PostgresCacheStore(db.dataSource());
    }

    private static float[] unit(int dim, int axis, float tilt) {
        float[] v = new float[dim];
        v[axis] = 1;
        v[(axis + 1) % dim] = tilt;
        return v;
    }

    @Test
    void finds_the_nearest_entry_of_its_own_scope_by_cosine_in_any_dimension() {
        store.put(ACME, "a", unit(8, 0, 0), "A", Duration.ofHours(1));
        store.put(ACME, "b", unit(8, 3, 0), "B", Duration.ofHours(1));
        store.put(GLOBEX, "c", unit(8, 0, 0.1f), "C", Duration.ofHours(1));

        CacheStore.Match m = store.nearest(ACME, unit(8, 0, 0.2f)).orElseThrow();

        assertThat(m.entry().answer()).isEqualTo("A");
        assertThat(m.similarity()).isCloseTo(1 / Math.sqrt(1.04), within(1e-5));
        assertThat(store.nearest(new CacheKey("initech", "general", "m", "p@v1", ""), unit(8, 0, 0))).isEmpty();
    }

    @Test
    void exact_matches_observations_and_the_pooled_prior_are_read_back_in_order() {
        long id = store.put(ACME, "what is pgvector", unit(384, 0, 0), "An extension.", Duration.ofHours(1));
        store.observe(id, new Observation(0.91, true));
        store.observe(id, new Observation(0.72, false), "feedback");

        CacheEntry e = store.exact(ACME, "what is pgvector").orElseThrow();

        assertThat(e.observations()).containsExactly(new Observation(0.91, true), new Observation(0.72, false));
        assertThat(store.pooled(ACME, 10)).containsExactly(new Observation(0.91, true), new Observation(0.72, false));
        assertThat(store.exact(GLOBEX, "what is pgvector")).isEmpty();
        assertThat(store.stats("acme")).isEqualTo(new CacheStore.Stats(1, 0, 2, 1, java.util.List.of(new CacheStore.AgentCount("general", 1, 0))));
    }

    @Test
    void expired_entries_are_never_found_and_eviction_keeps_the_most_recently_used() {
        store.put(ACME, "gone", unit(8, 1, 0), "old", Duration.ZERO);
        long a = store.put(ACME, "a", unit(8, 2, 0), "A", Duration.ofHours(1));
        store.put(ACME, "b", unit(8, 4, 0), "B", Duration.ofHours(1));
        store.hit(a);

        assertThat(store.exact(ACME, "gone")).isEmpty();
        assertThat(store.evict(1)).isEqualTo(2); // the expired one, then b
        assertThat(store.exact(ACME, "a").orElseThrow().hits()).isEqualTo(1);
        assertThat(store.exact(ACME, "b")).isEmpty();
    }

    @Test
    void clearing_one_tenant_leaves_the_others() {
        store.put(ACME, "a", unit(8, 0, 0), "A", Duration.ofHours(1));
        store.put(GLOBEX, "a", unit(8, 0, 0), "A", Duration.ofHours(1));

        assertThat(store.clear("acme")).isEqualTo(1);
        assertThat(store.stats(null).entries()).isEqualTo(1);
        assertThat(store.stats("globex").entries()).isEqualTo(1);
    }
}
