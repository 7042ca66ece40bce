package dev.maestro.cache;

import com.pgvector.PGvector;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Entries in PostgreSQL (table {@code answer_cache}, migration V13): exact match by the key's scope and the
 * question's hash, nearest entry by pgvector's HNSW index with iterative scans (so the scope filter never empties
 * a search), evidence in {@code answer_cache_observations}. Every instance sees the same entries and evidence.
 */
public final class PostgresCacheStore implements CacheStore {

    private static final String ENTRY = "e.id, e.question, e.answer, e.created_at, e.hits, "
            + "coalesce((select array_agg(o.similarity order by o.id) from answer_cache_observations o where o.entry_id = e.id), '{}'), "
            + "coalesce((select array_agg(o.correct order by o.id) from answer_cache_observations o where o.entry_id = e.id), '{}')";
    /** The scope's prior changes slowly: read at most this often per scope. */
    private static final long POOL_REFRESH_NANOS = Duration.ofSeconds(5).toNanos();

    private final DataSource dataSource;
    private final Set<Integer> indexed = ConcurrentHashMap.newKeySet();
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    private record Pool(long readAt, int limit, List<Observation> observations) {
    }

    public PostgresCacheStore(DataSource dataSource) {
        this.dataSource = Ensure.notNull(dataSource, "dataSource");
        indexed.add(384);
    }

    @Override
    public Optional<CacheEntry> exact(CacheKey key, String question) {
        String sql = "select " + ENTRY + " from answer_cache e where e.scope = ? and md5(e.question) = md5(?) and e.question = ?"
                + " and e.expires_at > now() order by e.id desc limit 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, key.scope());
            st.setString(2, question);
            st.setString(3, question);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("Looking up the answer cache", e);
        }
    }

    @Override
    public Optional<Match> nearest(CacheKey key, float[] vector) {
        int dim = vector.length;
        String cast = "::vector(" + dim + ")";
        String sql = "select set_config('hnsw.ef_search', '40', true), set_config('hnsw.iterative_scan', 'relaxed_order', true);\n"
                + "select " + ENTRY + ", 1 - (e.embedding" + cast + " <=> ?" + cast + ") from answer_cache e"
                + " where e.dimension = " + dim + " and e.scope = ? and e.expires_at > now()"
                + " order by e.embedding" + cast + " <=> ?" + cast + " limit 1";
        PGvector v = new PGvector(vector);
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, v);
            st.setString(2, key.scope());
            st.setObject(3, v);
            st.execute();
            if (!st.getMoreResults()) {
                throw new SQLException("Expected the nearest entry's row after the search options");
            }
            try (ResultSet rs = st.getResultSet()) {
                return rs.next() ? Optional.of(new Match(entry(rs), Math.clamp(rs.getDouble(8), -1.0, 1.0))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("Searching the answer cache", e);
        }
    }

    /** Both in one statement: the exact match (marked {@code e}) and the nearest entry ({@code v}). */
    @Override
    public Found find(CacheKey key, String question, float[] vector) {
        if (vector == null) {
            return new Found(exact(key, question), Optional.empty());
        }
        int dim = vector.length;
        String cast = "::vector(" + dim + ")";
        String sql = "select set_config('hnsw.ef_search', '40', true), set_config('hnsw.iterative_scan', 'relaxed_order', true);\n"
                + "(select 'e', " + ENTRY + ", 1.0::float8 from answer_cache e where e.scope = ? and md5(e.question) = md5(?) and e.question = ?"
                + " and e.expires_at > now() order by e.id desc limit 1) union all"
                + " (select 'v', " + ENTRY + ", 1 - (e.embedding" + cast + " <=> ?" + cast + ") from answer_cache e"
                + " where e.dimension = " + dim + " and e.scope = ? and e.expires_at > now()"
                + " order by e.embedding" + cast + " <=> ?" + cast + " limit 1)";
        PGvector v = new PGvector(vector);
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, key.scope());
            st.setString(2, question);
            st.setString(3, question);
            st.setObject(4, v);
            st.setString(5, key.scope());
            st.setObject(6, v);
            st.execute();
            if (!st.getMoreResults()) {
                throw new SQLException("Expected the lookup's rows after the search options");
            }
            Optional<CacheEntry> exact = Optional.empty();
            Optional<Match> nearest = Optional.empty();
            try (ResultSet rs = st.getResultSet()) {
                while (rs.next()) {
                    if ("e".equals(rs.getString(1))) {
                        exact = Optional.of(entry(rs, 1));
                    } else {
                        nearest = Optional.of(new Match(entry(rs, 1), Math.clamp(rs.getDouble(9), -1.0, 1.0)));
                    }
                }
            }
            return exact.isPresent() ? new Found(exact, Optional.empty()) : new Found(Optional.empty(), nearest);
        } catch (SQLException e) {
            throw failed("Looking up the answer cache", e);
        }
    }

    @Override
    public long put(CacheKey key, String question, float[] vector, String answer, Duration ttl) {
        if (vector != null) {
            ensureIndex(vector.length);
        }
        String sql = "insert into answer_cache (tenant_id, agent, scope, question, answer, dimension, embedding, expires_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?)) returning id";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, key.tenant());
            st.setString(2, key.agent());
            st.setString(3, key.scope());
            st.setString(4, question);
            st.setString(5, answer);
            if (vector == null) {
                st.setNull(6, java.sql.Types.INTEGER);
                st.setNull(7, java.sql.Types.OTHER);
            } else {
                st.setInt(6, vector.length);
                st.setObject(7, new PGvector(vector));
            }
            st.setDouble(8, ttl.toMillis() / 1000.0);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failed("Storing an answer in the cache", e);
        }
    }

    @Override
    public void observe(long entryId, Observation observation) {
        observe(entryId, observation, "exploration");
    }

    /** Appends evidence with its source, {@code exploration} or {@code feedback}. */
    public void observe(long entryId, Observation observation, String source) {
        String sql = "insert into answer_cache_observations (entry_id, scope, similarity, correct, source)"
                + " select id, scope, ?, ?, ? from answer_cache where id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setFloat(1, (float) observation.similarity());
            st.setBoolean(2, observation.correct());
            st.setString(3, source);
            st.setLong(4, entryId);
            st.executeUpdate();
        } catch (SQLException e) {
            throw failed("Recording what cache entry " + entryId + " taught", e);
        }
    }

    @Override
    public List<Observation> pooled(CacheKey key, int limit) {
        long now = System.nanoTime();
        Pool pool = pools.get(key.scope());
        if (pool != null && pool.limit() >= limit && now - pool.readAt() < POOL_REFRESH_NANOS) {
            return pool.observations();
        }
        String sql = "select similarity, correct from answer_cache_observations where scope = ? order by id desc limit ?";
        List<Observation> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, key.scope());
            st.setInt(2, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Observation(rs.getFloat(1), rs.getBoolean(2)));
                }
            }
        } catch (SQLException e) {
            throw failed("Reading the answer cache's evidence", e);
        }
        List<Observation> observations = List.copyOf(out.reversed());
        pools.put(key.scope(), new Pool(now, limit, observations));
        return observations;
    }

    @Override
    public void hit(long entryId) {
        update("update answer_cache set hits = hits + 1, last_used_at = now() where id = ?", entryId, "Counting a reuse of cache entry " + entryId);
    }

    @Override
    public int evict(long maxEntries) {
        String expired = "delete from answer_cache where expires_at <= now()";
        String oldest = "delete from answer_cache where id in (select id from answer_cache order by last_used_at"
                + " limit greatest(0, (select count(*) from answer_cache) - ?))";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); PreparedStatement st = c.prepareStatement(oldest)) {
            int n = s.executeUpdate(expired);
            st.setLong(1, maxEntries);
            return n + st.executeUpdate();
        } catch (SQLException e) {
            throw failed("Evicting old answers from the cache", e);
        }
    }

    @Override
    public Stats stats(String tenant) {
        String where = " where expires_at > now()" + (tenant == null ? "" : " and tenant_id = ?");
        String sql = "select e.agent, count(*), coalesce(sum(e.hits), 0),"
                + " coalesce(sum((select count(*) from answer_cache_observations o where o.entry_id = e.id)), 0),"
                + " coalesce(sum((select count(*) from answer_cache_observations o where o.entry_id = e.id and not o.correct)), 0)"
                + " from answer_cache e" + where.replace("expires_at", "e.expires_at").replace("tenant_id", "e.tenant_id")
                + " group by e.agent order by e.agent";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            if (tenant != null) {
                st.setString(1, tenant);
            }
            long entries = 0;
            long hits = 0;
            long observations = 0;
            long wrong = 0;
            List<AgentCount> byAgent = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    byAgent.add(new AgentCount(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    entries += rs.getLong(2);
                    hits += rs.getLong(3);
                    observations += rs.getLong(4);
                    wrong += rs.getLong(5);
                }
            }
            return new Stats(entries, hits, observations, wrong, byAgent);
        } catch (SQLException e) {
            throw failed("Reading the answer cache's statistics", e);
        }
    }

    @Override
    public int clear(String tenant) {
        String sql = tenant == null ? "delete from answer_cache" : "delete from answer_cache where tenant_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            if (tenant != null) {
                st.setString(1, tenant);
            }
            pools.clear();
            return st.executeUpdate();
        } catch (SQLException e) {
            throw failed("Clearing the answer cache", e);
        }
    }

    private void ensureIndex(int dim) {
        if (indexed.contains(dim)) {
            return;
        }
        Ensure.positive(dim, "dimension");
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("create index if not exists answer_cache_hnsw_" + dim + " on answer_cache using hnsw ((embedding::vector(" + dim
                    + ")) vector_cosine_ops) where dimension = " + dim);
            indexed.add(dim);
        } catch (SQLException e) {
            throw failed("Creating the answer cache's index for " + dim + "-dimensional embeddings", e);
        }
    }

    private void update(String sql, long id, String what) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, id);
            st.executeUpdate();
        } catch (SQLException e) {
            throw failed(what, e);
        }
    }

    private static CacheEntry entry(ResultSet rs) throws SQLException {
        return entry(rs, 0);
    }

    /** The entry's columns, after {@code offset} leading ones. */
    private static CacheEntry entry(ResultSet rs, int offset) throws SQLException {
        Float[] sims = (Float[]) rs.getArray(offset + 6).getArray();
        Boolean[] correct = (Boolean[]) rs.getArray(offset + 7).getArray();
        List<Observation> observations = new ArrayList<>(sims.length);
        for (int i = 0; i < sims.length; i++) {
            observations.add(new Observation(sims[i], correct[i]));
        }
        return new CacheEntry(rs.getLong(offset + 1), rs.getString(offset + 2), rs.getString(offset + 3), rs.getTimestamp(offset + 4).toInstant(),
                observations, rs.getLong(offset + 5));
    }

    private static DatabaseException failed(String what, SQLException e) {
        return new DatabaseException(what + " failed: " + e.getMessage() + " — is the database up and migrated (./maestro db up)?", e);
    }
}
