package dev.maestro.cache.bench;

import com.pgvector.PGvector;
import dev.maestro.cache.CacheKey;
import dev.maestro.cache.PostgresCacheStore;
import dev.maestro.cache.SemanticCache;
import dev.maestro.cache.VerifiedPolicy;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.Progress;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;

/**
 * Lookup latency of the PostgreSQL answer cache holding {@code entries} entries under one key: the lookup alone
 * (exact match, then the nearest entry by HNSW, then the decision), and with the query's embedding first. The
 * entries belong to a throw-away tenant, deleted afterwards.
 */
public final class CacheLookupBenchmark {

    private static final int DIM = 384;
    private static final int BATCH = 1_000;

    private CacheLookupBenchmark() {
    }

    /** Percentiles in milliseconds. */
    public record Result(int entries, int lookups, double lookupP50, double lookupP95, double embeddedP50, double embeddedP95, double fillSeconds) {
    }

    /**
     * @param embed     the configured embedding model, as a function; its dimension must be 384 (the default model's)
     * @param questions what the lookups with embedding ask, cycled
     */
    public static Result run(DataSource dataSource, int entries, int lookups, Function<String, float[]> embed, List<String> questions,
                             Progress progress) {
        CacheKey key = new CacheKey("bench-" + UUID.randomUUID(), "general", "bench-model", "general.system@v1", "");
        SplittableRandom random = new SplittableRandom(42);
        long t0 = System.nanoTime();
        try {
            fill(dataSource, key, entries, random, progress);
            double fill = (System.nanoTime() - t0) / 1e9;
            // fresh statistics, and no dead index entries left by an earlier run (where autovacuum is off)
            vacuum(dataSource);
            SemanticCache cache = SemanticCache.builder().store(new PostgresCacheStore(dataSource)).policy(new VerifiedPolicy(0.02, 0.97))
                    .judge(String::equals).build();
            for (int i = 0; i < Math.min(100, lookups); i++) {
                cache.lookup(key, "warm-up " + i, vector(random));
            }
            double[] alone = new double[lookups];
            double[] embedded = new double[lookups];
            try (Progress.Task task = progress.start("timing lookups", 2L * lookups, "lookups")) {
                for (int i = 0; i < lookups; i++) {
                    float[] v = vector(random);
                    long s = System.nanoTime();
                    cache.lookup(key, "question " + i, v);
                    alone[i] = (System.nanoTime() - s) / 1e6;
                    task.step(1);
                }
                for (int i = 0; i < lookups; i++) {
                    String q = questions.get(i % questions.size()) + " #" + i;
                    long s = System.nanoTime();
                    cache.lookup(key, q, embed.apply(q));
                    embedded[i] = (System.nanoTime() - s) / 1e6;
                    task.step(1);
                }
            }
            return new Result(entries, lookups, percentile(alone, 50), percentile(alone, 95), percentile(embedded, 50),
                    percentile(embedded, 95), fill);
        } finally {
            new PostgresCacheStore(dataSource).clear(key.tenant());
            vacuum(dataSource);
        }
    }

    private static void vacuum(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("vacuum analyze answer_cache");
        } catch (SQLException e) {
            throw new DatabaseException("VACUUM ANALYZE answer_cache failed: " + e.getMessage(), e);
        }
    }

    private static void fill(DataSource dataSource, CacheKey key, int entries, SplittableRandom random, Progress progress) {
        String sql = "insert into answer_cache (tenant_id, agent, scope, question, answer, dimension, embedding, expires_at)"
                + " select ?, ?, ?, q, 'a cached answer', " + DIM + ", cast(v as vector), now() + interval '1 day'"
                + " from unnest(?::text[], ?::text[]) x(q, v)";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql);
             Progress.Task task = progress.start("filling the cache", entries, "entries")) {
            for (int from = 0; from < entries; from += BATCH) {
                int n = Math.min(BATCH, entries - from);
                String[] qs = new String[n];
                String[] vs = new String[n];
                for (int i = 0; i < n; i++) {
                    qs[i] = "bench question " + (from + i);
                    vs[i] = new PGvector(vector(random)).getValue();
                }
                st.setString(1, key.tenant());
                st.setString(2, key.agent());
                st.setString(3, key.scope());
                st.setArray(4, c.createArrayOf("text", qs));
                st.setArray(5, c.createArrayOf("text", vs));
                st.executeUpdate();
                task.step(n);
            }
        } catch (SQLException e) {
            throw new DatabaseException("Filling the answer cache for the benchmark failed: " + e.getMessage(), e);
        }
    }

    private static float[] vector(SplittableRandom random) {
        float[] v = new float[DIM];
        double norm = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIM; i++) {
            v[i] *= inv;
        }
        return v;
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }
}
