package dev.maestro.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Entries in memory with exact nearest-neighbour search: for evaluations, benchmarks' baselines and tests. */
public final class InMemoryCacheStore implements CacheStore {

    private static final int POOL_KEPT = 10_000;

    private final Clock clock;
    private final Map<Long, Row> rows = new LinkedHashMap<>();
    private final Map<CacheKey, java.util.ArrayDeque<Observation>> pooled = new java.util.HashMap<>();
    private long nextId = 1;

    public InMemoryCacheStore() {
        this(Clock.systemUTC());
    }

    public InMemoryCacheStore(Clock clock) {
        this.clock = clock;
    }

    private static final class Row {
        final CacheKey key;
        final String question;
        final float[] vector;
        final String answer;
        final Instant created;
        final Instant expires;
        final List<Observation> observations = new ArrayList<>();
        long hits;
        Instant used;

        Row(CacheKey key, String question, float[] vector, String answer, Instant created, Instant expires) {
            this.key = key;
            this.question = question;
            this.vector = vector == null ? null : unit(vector);
            this.answer = answer;
            this.created = created;
            this.expires = expires;
            this.used = created;
        }

        CacheEntry entry(long id) {
            return new CacheEntry(id, question, answer, created, observations, hits);
        }
    }

    @Override
    public synchronized Optional<CacheEntry> exact(CacheKey key, String question) {
        Instant now = clock.instant();
        return rows.entrySet().stream()
                .filter(e -> e.getValue().key.equals(key) && e.getValue().question.equals(question) && e.getValue().expires.isAfter(now))
                .map(e -> e.getValue().entry(e.getKey())).findFirst();
    }

    @Override
    public synchronized Optional<Match> nearest(CacheKey key, float[] vector) {
        float[] q = unit(vector);
        Instant now = clock.instant();
        long bestId = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Long, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            if (r.vector == null || !r.key.equals(key) || !r.expires.isAfter(now)) {
                continue;
            }
            double dot = 0;
            for (int i = 0; i < q.length; i++) {
                dot += q[i] * r.vector[i];
            }
            if (dot > best) {
                best = dot;
                bestId = e.getKey();
            }
        }
        return bestId < 0 ? Optional.empty() : Optional.of(new Match(rows.get(bestId).entry(bestId), Math.clamp(best, -1.0, 1.0)));
    }

    @Override
    public synchronized long put(CacheKey key, String question, float[] vector, String answer, Duration ttl) {
        Instant now = clock.instant();
        long id = nextId++;
        rows.put(id, new Row(key, question, vector, answer, now, now.plus(ttl)));
        return id;
    }

    @Override
    public synchronized void observe(long entryId, Observation observation) {
        Row r = rows.get(entryId);
        if (r != null) {
            r.observations.add(observation);
            java.util.ArrayDeque<Observation> recent = pooled.computeIfAbsent(r.key, k -> new java.util.ArrayDeque<>());
            recent.addLast(observation);
            if (recent.size() > POOL_KEPT) {
                recent.removeFirst();
            }
        }
    }

    @Override
    public synchronized List<Observation> pooled(CacheKey key, int limit) {
        java.util.ArrayDeque<Observation> recent = pooled.get(key);
        if (recent == null) {
            return List.of();
        }
        List<Observation> all = new ArrayList<>(recent);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    @Override
    public synchronized void hit(long entryId) {
        Row r = rows.get(entryId);
        if (r != null) {
            r.hits++;
            r.used = clock.instant();
        }
    }

    @Override
    public synchronized int evict(long maxEntries) {
        Instant now = clock.instant();
        int before = rows.size();
        rows.values().removeIf(r -> !r.expires.isAfter(now));
        if (rows.size() > maxEntries) {
            List<Long> byUse = rows.entrySet().stream().sorted(Comparator.comparing(e -> e.getValue().used)).map(Map.Entry::getKey).toList();
            byUse.subList(0, (int) (rows.size() - maxEntries)).forEach(rows::remove);
        }
        return before - rows.size();
    }

    @Override
    public synchronized Stats stats(String tenant) {
        Instant now = clock.instant();
        Map<String, long[]> agents = new LinkedHashMap<>();
        long entries = 0;
        long hits = 0;
        long observations = 0;
        long wrong = 0;
        for (Row r : rows.values()) {
            if ((tenant != null && !tenant.equals(r.key.tenant())) || !r.expires.isAfter(now)) {
                continue;
            }
            entries++;
            hits += r.hits;
            observations += r.observations.size();
            wrong += r.observations.stream().filter(o -> !o.correct()).count();
            long[] a = agents.computeIfAbsent(r.key.agent(), k -> new long[2]);
            a[0]++;
            a[1] += r.hits;
        }
        return new Stats(entries, hits, observations, wrong,
                agents.entrySet().stream().map(e -> new AgentCount(e.getKey(), e.getValue()[0], e.getValue()[1])).toList());
    }

    @Override
    public synchronized int clear(String tenant) {
        int before = rows.size();
        rows.values().removeIf(r -> tenant == null || tenant.equals(r.key.tenant()));
        return before - rows.size();
    }

    static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = norm == 0 ? 0 : (float) (v[i] / norm);
        }
        return u;
    }
}
