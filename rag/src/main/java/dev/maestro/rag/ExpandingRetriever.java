package dev.maestro.rag;

import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dynamic chunking at query time: matches on small chunks, then gives each hit a wider {@link Hit#context()}:
 * its parent section ({@link #parent}) or the chunks around it ({@link #window}). The hit's text, score and
 * order stay as the inner retriever returned them.
 *
 * @since 0.1
 */
public final class ExpandingRetriever implements Retriever {

    private final RagStore store;
    private final Retriever inner;
    private final int window; // 0 = parent section

    private ExpandingRetriever(RagStore store, Retriever inner, int window) {
        this.store = Ensure.notNull(store, "store");
        this.inner = Ensure.notNull(inner, "inner");
        this.window = window;
    }

    /** Each hit's context becomes its parent section (a heading section or page, up to maxParentTokens). */
    public static ExpandingRetriever parent(RagStore store, Retriever inner) {
        return new ExpandingRetriever(store, inner, 0);
    }

    /** Each hit's context becomes its chunk with {@code n} neighbouring chunks of the same document on each side. */
    public static ExpandingRetriever window(RagStore store, Retriever inner, int n) {
        return new ExpandingRetriever(store, inner, Ensure.positive(n, "n"));
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public List<Hit> retrieve(RetrievalRequest request) {
        List<Hit> hits = inner.retrieve(request);
        if (hits.isEmpty()) {
            return hits;
        }
        Map<Long, String> contexts = window == 0 ? parents(hits) : windows(hits);
        List<Hit> out = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            out.add(h.withContext(contexts.getOrDefault(h.chunkId(), h.text())));
        }
        return out;
    }

    private Map<Long, String> parents(List<Hit> hits) {
        return query("""
                select c.id, p.text from rag_chunks c join rag_chunks p on p.id = c.parent_id where c.id = any(?)""", hits, false);
    }

    private Map<Long, String> windows(List<Hit> hits) {
        return query("""
                select c.id, string_agg(n.text, ' ' order by n.ordinal)
                from rag_chunks c join rag_chunks n on n.document_id = c.document_id and n.kind = 'chunk'
                     and n.ordinal between c.ordinal - ? and c.ordinal + ?
                where c.id = any(?) group by c.id""", hits, true);
    }

    private Map<Long, String> query(String sql, List<Hit> hits, boolean windowed) {
        Map<Long, String> out = new HashMap<>();
        try (Connection c = store.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            int i = 1;
            if (windowed) {
                st.setInt(i++, window);
                st.setInt(i++, window);
            }
            st.setArray(i, c.createArrayOf("bigint", hits.stream().map(Hit::chunkId).toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("Expanding " + hits.size() + " hits failed: " + e.getMessage(), e);
        }
        return out;
    }
}
