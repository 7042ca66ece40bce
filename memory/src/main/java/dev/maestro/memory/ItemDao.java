package dev.maestro.memory;

import com.pgvector.PGvector;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL for long-term items. Every query is scoped by tenant and user. */
final class ItemDao {

    static final String COLUMNS = "id, tenant_id, user_id, conversation_id, kind, content, source_message_ids, metadata::text,"
            + " importance, created_at, valid_from, valid_to, superseded_by";

    /** A candidate before ranking: its cosine similarity to the query, and its keyword rank score (0 from the vector side). */
    record Candidate(MemoryItem item, double similarity, double keywordScore) {
    }

    private ItemDao() {
    }

    /** @return the new id, or -1 when an episode for the same message already exists */
    static long insert(Connection c, Scope scope, UUID conversationId, MemoryKind kind, String content, float[] embedding,
                       List<Long> sourceIds, Map<String, String> metadata, double importance, Instant createdAt,
                       Instant validFrom) throws SQLException {
        String sql = "insert into memory_items (tenant_id, user_id, conversation_id, kind, content, embedding, source_message_ids,"
                + " metadata, importance, created_at, valid_from) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
                + " on conflict do nothing returning id";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, scope.tenantId());
            st.setString(2, scope.userId());
            st.setObject(3, conversationId);
            st.setString(4, kind.sql());
            st.setString(5, content);
            st.setObject(6, new PGvector(embedding));
            st.setArray(7, c.createArrayOf("bigint", sourceIds.toArray()));
            st.setString(8, Jdbc.json(metadata));
            st.setDouble(9, importance);
            st.setTimestamp(10, Jdbc.ts(createdAt));
            st.setTimestamp(11, Jdbc.ts(validFrom));
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** Both sides of recall, from one statement: the nearest items and those sharing words with the query. */
    record Candidates(List<Candidate> vector, List<Candidate> keyword) {
    }

    /** {@link #nearest} and {@link #keyword} in one round trip (a union of the two queries, after the search options). */
    static Candidates candidates(Connection c, Scope scope, float[] query, List<String> words, List<MemoryKind> kinds,
                                 boolean includeSuperseded, double maxShare, int minCount, int limit) throws SQLException {
        if (words.isEmpty()) {
            return new Candidates(nearest(c, scope, query, kinds, includeSuperseded, limit), List.of());
        }
        String sql = SEARCH_OPTIONS + "(" + nearestSql(includeSuperseded) + ") union all (" + keywordSql(includeSuperseded) + ")";
        PGvector vector = new PGvector(query);
        try (PreparedStatement st = c.prepareStatement(sql)) {
            int p = bindSearchOptions(st, limit);
            p = bindNearest(c, st, p, scope, vector, kinds, limit);
            bindKeyword(c, st, p, scope, vector, words, kinds, maxShare, minCount, limit);
            List<Candidate> nearest = new ArrayList<>();
            List<Candidate> keyword = new ArrayList<>();
            try (ResultSet rs = afterSearchOptions(st)) {
                while (rs.next()) {
                    ("v".equals(rs.getString(16)) ? nearest : keyword).add(candidate(rs));
                }
            }
            // a union promises no order: each side as its own query ranks it
            nearest.sort(java.util.Comparator.comparingDouble(Candidate::similarity).reversed());
            keyword.sort(java.util.Comparator.comparingDouble(Candidate::keywordScore).reversed()
                    .thenComparingLong(cand -> cand.item().id()));
            return new Candidates(nearest, keyword);
        }
    }

    /** The nearest items of one user by cosine distance, best first. */
    static List<Candidate> nearest(Connection c, Scope scope, float[] query, List<MemoryKind> kinds, boolean includeSuperseded,
                                   int limit) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SEARCH_OPTIONS + nearestSql(includeSuperseded))) {
            bindNearest(c, st, bindSearchOptions(st, limit), scope, new PGvector(query), kinds, limit);
            List<Candidate> out = new ArrayList<>();
            try (ResultSet rs = afterSearchOptions(st)) {
                while (rs.next()) {
                    out.add(candidate(rs));
                }
            }
            return out;
        }
    }

    /**
     * The items of one user that share words with {@code words} (any of them), best first. An item's keyword score is
     * the sum of the inverse document frequencies, {@code ln(items / items with the word)}, of the words it contains, so
     * rare words weigh most. Words must be letters and digits only; English stop words are dropped by the text search
     * configuration, and so are words found in more than {@code maxShare} of the user's items (at least
     * {@code minCount} items may always hold a word): like a stop word, a word that is everywhere (a speaker's name,
     * a greeting) ranks nothing.
     */
    static List<Candidate> keyword(Connection c, Scope scope, float[] query, List<String> words, List<MemoryKind> kinds,
                                   boolean includeSuperseded, double maxShare, int minCount, int limit) throws SQLException {
        if (words.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement st = c.prepareStatement(keywordSql(includeSuperseded))) {
            bindKeyword(c, st, 0, scope, new PGvector(query), words, kinds, maxShare, minCount, limit);
            return candidates(st);
        }
    }

    /**
     * pgvector 0.8: keep scanning the HNSW graph until enough rows pass the user filter. Sent as the first of two
     * statements in one round trip: statements sent together run in one transaction (an implicit one in auto-commit),
     * so these local settings apply to the query after them and end with it.
     */
    static final String SEARCH_OPTIONS = "select set_config('hnsw.ef_search', ?, true),"
            + " set_config('hnsw.iterative_scan', 'relaxed_order', true);\n";

    static int bindSearchOptions(PreparedStatement st, int limit) throws SQLException {
        st.setString(1, Integer.toString(Math.max(40, Math.min(1000, limit * 2))));
        return 1;
    }

    /** Executes a statement that begins with {@link #SEARCH_OPTIONS} and returns the result of the query after them. */
    static ResultSet afterSearchOptions(PreparedStatement st) throws SQLException {
        st.execute();
        if (!st.getMoreResults()) {
            throw new SQLException("Expected the recall query's rows after the search options");
        }
        return st.getResultSet();
    }

    /** Columns: the item, its keyword score (0 here), its cosine similarity, the side ({@code v}). */
    private static String nearestSql(boolean includeSuperseded) {
        return "select " + COLUMNS + ", 0::float8, 1 - (embedding <=> ?), 'v' from memory_items"
                + " where tenant_id = ? and user_id = ? and kind = any(?)" + (includeSuperseded ? "" : " and valid_to is null")
                + " order by embedding <=> ? limit ?";
    }

    private static int bindNearest(Connection c, PreparedStatement st, int p, Scope scope, PGvector vector, List<MemoryKind> kinds,
                                   int limit) throws SQLException {
        st.setObject(++p, vector);
        st.setString(++p, scope.tenantId());
        st.setString(++p, scope.userId());
        st.setArray(++p, c.createArrayOf("text", kinds.stream().map(MemoryKind::sql).toArray()));
        st.setObject(++p, vector);
        st.setInt(++p, limit);
        return p;
    }

    /** Columns: the item, its keyword score, its cosine similarity, the side ({@code k}). */
    private static String keywordSql(boolean includeSuperseded) {
        return "with d as materialized (select id as item_id, to_tsvector('english', content) v from memory_items"
                + " where tenant_id = ? and user_id = ? and kind = any(?)" + (includeSuperseded ? "" : " and valid_to is null") + "),"
                + " n as materialized (select count(*)::float8 n from d),"
                + " w as materialized (select x.q, (select count(*) from d where d.v @@ x.q) df"
                + " from (select to_tsquery('english', w) q from unnest(?::text[]) w) x where numnode(x.q) > 0),"
                + " kept as materialized (select w.q, ln(n.n / w.df) idf from w, n where w.df > 0 and w.df <= greatest(?, ? * n.n)),"
                + " q as materialized (select string_agg(kept.q::text, ' | ')::tsquery q from kept)"
                + " select " + COLUMNS + ", (select sum(k.idf) from kept k where d.v @@ k.q), 1 - (embedding <=> ?), 'k'"
                + " from d join memory_items on id = d.item_id, q"
                + " where q.q is not null and d.v @@ q.q order by 14 desc, id limit ?";
    }

    private static int bindKeyword(Connection c, PreparedStatement st, int p, Scope scope, PGvector vector, List<String> words,
                                   List<MemoryKind> kinds, double maxShare, int minCount, int limit) throws SQLException {
        st.setString(++p, scope.tenantId());
        st.setString(++p, scope.userId());
        st.setArray(++p, c.createArrayOf("text", kinds.stream().map(MemoryKind::sql).toArray()));
        st.setArray(++p, c.createArrayOf("text", words.toArray()));
        st.setInt(++p, minCount);
        st.setDouble(++p, maxShare);
        st.setObject(++p, vector);
        st.setInt(++p, limit);
        return p;
    }

    private static List<Candidate> candidates(PreparedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            List<Candidate> out = new ArrayList<>();
            while (rs.next()) {
                out.add(candidate(rs));
            }
            return out;
        }
    }

    private static Candidate candidate(ResultSet rs) throws SQLException {
        return new Candidate(read(rs), rs.getDouble(15), rs.getDouble(14));
    }

    /** Ends the validity of {@code oldId} (when it is an active fact of the same user) and links its successor. */
    static boolean supersede(Connection c, Scope scope, long oldId, long newId, Instant at) throws SQLException {
        String sql = "update memory_items set valid_to = ?, superseded_by = ? where id = ? and tenant_id = ? and user_id = ?"
                + " and kind = 'fact' and valid_to is null and id <> ?";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setTimestamp(1, Jdbc.ts(at));
            st.setLong(2, newId);
            st.setLong(3, oldId);
            st.setString(4, scope.tenantId());
            st.setString(5, scope.userId());
            st.setLong(6, newId);
            return st.executeUpdate() == 1;
        }
    }

    /** Items of a user, optionally of one conversation, oldest first. */
    static List<MemoryItem> list(Connection c, Scope scope, UUID conversationId) throws SQLException {
        String sql = "select " + COLUMNS + " from memory_items where tenant_id = ? and user_id = ?"
                + (conversationId == null ? "" : " and conversation_id = ?") + " order by id";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, scope.tenantId());
            st.setString(2, scope.userId());
            if (conversationId != null) {
                st.setObject(3, conversationId);
            }
            try (ResultSet rs = st.executeQuery()) {
                List<MemoryItem> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        }
    }

    static int delete(Connection c, long id, Scope scope) throws SQLException {
        String sql = "delete from memory_items where id = ?" + (scope == null ? "" : " and tenant_id = ? and user_id = ?");
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, id);
            if (scope != null) {
                st.setString(2, scope.tenantId());
                st.setString(3, scope.userId());
            }
            return st.executeUpdate();
        }
    }

    static int deleteAll(Connection c, Scope scope) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("delete from memory_items where tenant_id = ? and user_id = ?")) {
            st.setString(1, scope.tenantId());
            st.setString(2, scope.userId());
            return st.executeUpdate();
        }
    }

    /** The dimension of the {@code embedding} column, or -1 when the table is missing. */
    static int dimension(Connection c) throws SQLException {
        String sql = "select a.atttypmod from pg_attribute a where a.attrelid = to_regclass('memory_items') and a.attname = 'embedding'";
        try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }

    private static MemoryItem read(ResultSet rs) throws SQLException {
        Array sources = rs.getArray(7);
        Long[] ids = sources == null ? new Long[0] : (Long[]) sources.getArray();
        long superseded = rs.getLong(13);
        Long supersededBy = rs.wasNull() ? null : superseded;
        return new MemoryItem(rs.getLong(1), new Scope(rs.getString(2), rs.getString(3)), rs.getObject(4, UUID.class),
                MemoryKind.fromSql(rs.getString(5)), rs.getString(6), Arrays.asList(ids), Jdbc.map(rs.getString(8)),
                rs.getDouble(9), Jdbc.instant(rs.getTimestamp(10)), Jdbc.instant(rs.getTimestamp(11)),
                Jdbc.instant(rs.getTimestamp(12)), supersededBy);
    }
}
