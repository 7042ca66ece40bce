package dev.maestro.rag;

import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;
import dev.maestro.rag.internal.MetadataFilterSql;
import dev.maestro.rag.internal.SqlFragment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code keyword}: Okapi BM25, computed in PostgreSQL from the term statistics ingest keeps current
 * (not {@code ts_rank}, which ignores document frequency and length normalisation the way BM25 uses them).
 * <p>
 * For query term t with frequency qtf in the query, chunk d with term frequency tf and length |d| (lexemes),
 * N chunks, df(t) chunks holding t:
 * {@code score = Σ qtf · ln(1 + (N − df + 0.5)/(df + 0.5)) · tf·(k1+1) / (tf + k1·(1 − b + b·|d|/avgdl))}
 * (Lucene's variant, whose idf is never negative). Query and chunks are analysed by the same text-search
 * configuration (stemming, stop words), so terms match as lexemes.
 * <p>
 * Without a metadata filter, each query term contributes at most {@code postingsPerTerm} chunks: those where the term
 * is densest (tf / |d|), read in that order from an index. Scores stay exact BM25; only a chunk that holds a term
 * no more densely than that many others can be missed, and only for a term that common, whose idf is low. With a
 * filter every posting is scored, since the filter could remove the densest ones.
 *
 * @since 0.1
 */
public final class KeywordRetriever implements Retriever {

    /** Defaults k1 = 0.9, b = 0.4: Anserini's BEIR settings, best measured on SciFact here (see rag/README.md). */
    public static final double DEFAULT_K1 = 0.9;
    /** Chunks scored per query term without a filter; above the document frequency of most terms in most collections. */
    public static final int DEFAULT_POSTINGS_PER_TERM = 1_000;
    private static final String ALL_POSTINGS = "join rag_postings p on p.collection_id = ? and p.term = w.term";
    private static final String DENSEST_POSTINGS = "cross join lateral (select chunk_id, tf, len from rag_postings"
            + " where collection_id = ? and term = w.term order by tf::float8 / greatest(len, 1) desc limit ?) p";
    public static final double DEFAULT_B = 0.4;

    private static final String SQL = """
            with q as (
                select lexeme as term, coalesce(array_length(positions, 1), 1) as qtf
                from unnest(to_tsvector(cast(? as regconfig), ?))
            ), s as (
                select greatest(chunk_count, 1)::float8 as n,
                       greatest(total_length::float8 / greatest(chunk_count, 1), 1) as avgdl
                from rag_collections where id = ?
            ), w as (
                select t.term, q.qtf * ln(1 + (s.n - t.df + 0.5) / (t.df + 0.5)) as weight
                from q join rag_terms t on t.collection_id = ? and t.term = q.term cross join s
                where t.df > 0
            )
            select p.chunk_id,
                   sum(w.weight * p.tf * (? + 1) / (p.tf + ? * (1 - ? + ? * p.len / s.avgdl))) as score
            from w %s
                   cross join s
            %s
            group by p.chunk_id
            order by score desc, p.chunk_id
            limit ?""";

    private final RagStore store;
    private final RagCollection collection;
    private final double k1;
    private final double b;
    private final int postingsPerTerm;

    private KeywordRetriever(Builder builder) {
        this.store = Ensure.notNull(builder.store, "store");
        this.collection = Ensure.notNull(builder.collection, "collection");
        this.k1 = builder.k1 == null ? DEFAULT_K1 : builder.k1;
        this.b = builder.b == null ? DEFAULT_B : builder.b;
        this.postingsPerTerm = builder.postingsPerTerm == null ? DEFAULT_POSTINGS_PER_TERM : Ensure.positive(builder.postingsPerTerm, "postingsPerTerm");
        if (k1 < 0 || b < 0 || b > 1) {
            throw new IllegalArgumentException("BM25 needs k1 >= 0 and 0 <= b <= 1, was k1=" + k1 + ", b=" + b);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "keyword";
    }

    @Override
    public List<Hit> retrieve(RetrievalRequest request) {
        return store.load(search(request));
    }

    List<Scored> search(RetrievalRequest request) {
        SqlFragment filter = MetadataFilterSql.toSql(request.filter(), "c.metadata");
        String where = request.filter() == null ? "" : "join rag_chunks c on c.id = p.chunk_id where " + filter.sql();
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement(SQL.formatted(request.filter() == null ? DENSEST_POSTINGS : ALL_POSTINGS, where))) {
            int i = 1;
            st.setString(i++, collection.textConfig());
            st.setString(i++, request.query());
            st.setLong(i++, collection.id());
            st.setLong(i++, collection.id());
            st.setDouble(i++, k1);
            st.setDouble(i++, k1);
            st.setDouble(i++, b);
            st.setDouble(i++, b);
            st.setLong(i++, collection.id());
            if (request.filter() == null) {
                st.setInt(i++, postingsPerTerm);
            }
            if (request.filter() != null) {
                i = filter.bind(st, i);
            }
            st.setInt(i, request.maxResults());
            List<Scored> out = new ArrayList<>(request.maxResults());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Scored(rs.getLong(1), rs.getDouble(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("Keyword (BM25) search in collection '" + collection.name() + "' failed: " + e.getMessage(), e);
        }
    }

    public static final class Builder {
        private RagStore store;
        private RagCollection collection;
        private Double k1;
        private Double b;
        private Integer postingsPerTerm;

        private Builder() {
        }

        public Builder store(RagStore store) {
            this.store = store;
            return this;
        }

        public Builder collection(RagCollection collection) {
            this.collection = collection;
            return this;
        }

        /** Term-frequency saturation; defaults to {@value #DEFAULT_K1}. */
        public Builder k1(double k1) {
            this.k1 = k1;
            return this;
        }

        /** Length normalisation, 0..1; defaults to {@value #DEFAULT_B}. */
        public Builder b(double b) {
            this.b = b;
            return this;
        }

        /** Chunks scored per query term when there is no filter; defaults to {@value #DEFAULT_POSTINGS_PER_TERM}. */
        public Builder postingsPerTerm(int postingsPerTerm) {
            this.postingsPerTerm = postingsPerTerm;
            return this;
        }

        public KeywordRetriever build() {
            return new KeywordRetriever(this);
        }
    }
}
