package dev.maestro.evals.retrieval;

import dev.maestro.core.DatabaseException;
import dev.maestro.rag.Hit;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.rag.RetrievalRequest;
import dev.maestro.rag.Retriever;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code keyword-tsrank}: PostgreSQL's own {@code ts_rank} over the same lexemes, OR-ed, as a measured baseline
 * for BM25 (the issue asks to measure it). Not a product strategy: it ignores document frequency.
 */
final class TsRankBaseline implements Retriever {

    private static final String SQL = """
            select c.id, ts_rank(c.tsv, x.q) as score
            from rag_chunks c,
                 (select cast(array_to_string(array(select quote_literal(l)
                      from unnest(tsvector_to_array(to_tsvector(cast(? as regconfig), ?))) l), ' | ') as tsquery) as q) x
            where c.collection_id = ? and c.kind = 'chunk' and c.tsv @@ x.q
            order by score desc, c.id limit ?""";

    private final RagStore store;
    private final RagCollection collection;

    TsRankBaseline(RagStore store, RagCollection collection) {
        this.store = store;
        this.collection = collection;
    }

    @Override
    public String name() {
        return "keyword-tsrank";
    }

    @Override
    public List<Hit> retrieve(RetrievalRequest request) {
        List<Long> ids = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(SQL)) {
            st.setString(1, collection.textConfig());
            st.setString(2, request.query());
            st.setLong(3, collection.id());
            st.setInt(4, request.maxResults());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    scores.add(rs.getDouble(2));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("ts_rank search failed: " + e.getMessage(), e);
        }
        return store.load(ids, scores);
    }
}
