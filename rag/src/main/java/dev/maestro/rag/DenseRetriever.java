package dev.maestro.rag;

import dev.langchain4j.model.embedding.EmbeddingModel;
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
 * {@code dense}: cosine similarity to the query embedding through the collection's HNSW index. Scores are
 * cosine similarities in [-1, 1]. With a metadata filter, pgvector's iterative index scan keeps the result
 * list full.
 *
 * @since 0.1
 */
public final class DenseRetriever implements Retriever {

    /** HNSW candidate list size (defaults to 100); raised to maxResults when smaller. */
    public static final int DEFAULT_EF_SEARCH = 100;

    private final RagStore store;
    private final RagCollection collection;
    private final QueryEmbedder embedder;
    private final int efSearch;

    private DenseRetriever(Builder b) {
        this.store = Ensure.notNull(b.store, "store");
        this.collection = Ensure.notNull(b.collection, "collection");
        EmbeddingModel model = Ensure.notNull(b.embeddingModel, "embeddingModel");
        this.embedder = new QueryEmbedder(model, b.queryInstruction == null ? QueryInstructions.forModel(model) : b.queryInstruction);
        this.efSearch = b.efSearch == null ? DEFAULT_EF_SEARCH : Ensure.positive(b.efSearch, "efSearch");
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public List<Hit> retrieve(RetrievalRequest request) {
        return store.load(search(request));
    }

    List<Scored> search(RetrievalRequest request) {
        return search(embedder.embed(request.query()), request);
    }

    List<Scored> search(float[] queryVector, RetrievalRequest request) {
        SqlFragment filter = MetadataFilterSql.toSql(request.filter(), "c.metadata");
        int d = collection.dimension();
        // The collection id and dimension are inlined (two integers) so the planner can match the collection's
        // partial HNSW index; everything else is bound.
        String vec = "c.embedding::vector(" + d + ")";
        String sql = "select c.id, " + vec + " <=> cast(? as vector(" + d + ")) from rag_chunks c where c.collection_id = "
                + collection.id() + " and c.kind = 'chunk' and c.embedding is not null and " + filter.sql()
                + " order by " + vec + " <=> cast(? as vector(" + d + ")) limit ?";
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement set = c.prepareStatement("select set_config('hnsw.ef_search', ?, true),"
                        + " set_config('hnsw.iterative_scan', ?, true)")) {
                    set.setString(1, Integer.toString(Math.min(1000, Math.max(efSearch, request.maxResults()))));
                    set.setString(2, request.filter() == null ? "off" : "relaxed_order");
                    set.executeQuery().close();
                }
                List<Scored> out = new ArrayList<>(request.maxResults());
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    st.setObject(1, RagStore.vector(queryVector));
                    int i = filter.bind(st, 2);
                    st.setObject(i++, RagStore.vector(queryVector));
                    st.setInt(i, request.maxResults());
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Scored(rs.getLong(1), 1 - rs.getDouble(2)));
                        }
                    }
                }
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Dense search in collection '" + collection.name() + "' failed: " + e.getMessage(), e);
        }
    }

    public static final class Builder {
        private RagStore store;
        private RagCollection collection;
        private EmbeddingModel embeddingModel;
        private String queryInstruction;
        private Integer efSearch;

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

        /** The model the collection was ingested with. */
        public Builder embeddingModel(EmbeddingModel embeddingModel) {
            this.embeddingModel = embeddingModel;
            return this;
        }

        /** Prefix for query text; defaults to {@link QueryInstructions#forModel}. */
        public Builder queryInstruction(String queryInstruction) {
            this.queryInstruction = queryInstruction;
            return this;
        }

        /** HNSW {@code ef_search}; defaults to {@value #DEFAULT_EF_SEARCH}. */
        public Builder efSearch(int efSearch) {
            this.efSearch = efSearch;
            return this;
        }

        public DenseRetriever build() {
            return new DenseRetriever(this);
        }
    }
}
