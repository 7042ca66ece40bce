package dev.maestro.rag.internal;

import com.pgvector.PGvector;
import dev.maestro.core.DatabaseException;
import dev.maestro.rag.RagCollection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and deletes documents, one transaction each, keeping the BM25 statistics (rag_terms.df,
 * rag_collections.chunk_count / total_length) in step with the chunks. An interrupted write leaves
 * the previous version of the document, or nothing, never half of it.
 */
public final class DocumentWriter {

    /** A document ready to write: parents (sections) with their embedded leaves. */
    public record DocumentRows(String source, String title, String hash, Map<String, Object> metadata, List<ParentRow> parents) {
        public int leafCount() {
            return parents.stream().mapToInt(p -> p.leaves().size()).sum();
        }
    }

    public record ParentRow(String text, Map<String, Object> metadata, List<LeafRow> leaves) {
    }

    /** @param indexText what BM25 indexes (title and heading prepended to the text) */
    public record LeafRow(String text, String indexText, Map<String, Object> metadata, float[] embedding) {
    }

    private static final String INSERT_LEAF = """
            insert into rag_chunks (collection_id, document_id, parent_id, kind, ordinal, text, metadata, tsv, length, embedding)
            select ?, ?, ?, 'chunk', ?, ?, cast(? as jsonb), v.tsv,
                   (select coalesce(sum(coalesce(array_length(u.positions, 1), 1)), 0) from unnest(v.tsv) u),
                   cast(? as vector)
            from (select to_tsvector(cast(? as regconfig), ?) as tsv) v""";

    private final DataSource dataSource;
    private final RagCollection collection;

    public DocumentWriter(DataSource dataSource, RagCollection collection) {
        this.dataSource = dataSource;
        this.collection = collection;
    }

    /** Content hash of every document in the collection, by source. */
    public Map<String, String> hashes() {
        Map<String, String> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select source, content_hash from rag_documents where collection_id = ?")) {
            st.setLong(1, collection.id());
            st.setFetchSize(5000);
            c.setAutoCommit(false); // lets the driver stream with the fetch size
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new DatabaseException("Reading documents of collection '" + collection.name() + "' failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Replaces (or inserts) the document atomically. */
    public void write(DocumentRows doc) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                deleteExisting(c, doc.source());
                long docId;
                try (PreparedStatement st = c.prepareStatement("""
                        insert into rag_documents (collection_id, source, title, content_hash, metadata)
                        values (?, ?, ?, ?, cast(? as jsonb)) returning id""")) {
                    st.setLong(1, collection.id());
                    st.setString(2, doc.source());
                    st.setString(3, doc.title());
                    st.setString(4, doc.hash());
                    st.setString(5, Json.write(doc.metadata()));
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        docId = rs.getLong(1);
                    }
                }
                List<Long> parentIds = insertParents(c, docId, doc.parents());
                insertLeaves(c, docId, doc.parents(), parentIds);
                addStatistics(c, docId);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Writing document " + doc.source() + " to collection '" + collection.name() + "' failed: "
                    + e.getMessage(), e);
        }
    }

    /** Deletes the document with this source, if any; true when one was deleted. */
    public boolean delete(String source) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean deleted = deleteExisting(c, source);
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Deleting document " + source + " from collection '" + collection.name() + "' failed: "
                    + e.getMessage(), e);
        }
    }

    private boolean deleteExisting(Connection c, String source) throws SQLException {
        Long oldId = null;
        try (PreparedStatement st = c.prepareStatement(
                "select id from rag_documents where collection_id = ? and source = ? for update")) {
            st.setLong(1, collection.id());
            st.setString(2, source);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    oldId = rs.getLong(1);
                }
            }
        }
        if (oldId == null) {
            return false;
        }
        // Terms whose df drops to 0 stay as rows: harmless (no postings join them) and re-used on the next ingest.
        try (PreparedStatement st = c.prepareStatement("""
                update rag_terms t set df = t.df - x.n
                from (select p.term, count(*) as n from rag_postings p join rag_chunks ch on ch.id = p.chunk_id
                      where ch.document_id = ? group by p.term) x
                where t.collection_id = ? and t.term = x.term""")) {
            st.setLong(1, oldId);
            st.setLong(2, collection.id());
            st.executeUpdate();
        }
        updateCollection(c, oldId, -1);
        try (PreparedStatement st = c.prepareStatement("delete from rag_documents where id = ?")) {
            st.setLong(1, oldId);
            st.executeUpdate();
        }
        return true;
    }

    private List<Long> insertParents(Connection c, long docId, List<ParentRow> parents) throws SQLException {
        List<Long> ids = new ArrayList<>(parents.size());
        try (PreparedStatement st = c.prepareStatement("""
                insert into rag_chunks (collection_id, document_id, kind, ordinal, text, metadata)
                values (?, ?, 'section', ?, ?, cast(? as jsonb))""", new String[]{"id"})) {
            for (int i = 0; i < parents.size(); i++) {
                st.setLong(1, collection.id());
                st.setLong(2, docId);
                st.setInt(3, i);
                st.setString(4, parents.get(i).text());
                st.setString(5, Json.write(parents.get(i).metadata()));
                st.addBatch();
            }
            st.executeBatch();
            try (ResultSet rs = st.getGeneratedKeys()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private void insertLeaves(Connection c, long docId, List<ParentRow> parents, List<Long> parentIds) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(INSERT_LEAF)) {
            int ordinal = 0;
            for (int p = 0; p < parents.size(); p++) {
                for (LeafRow leaf : parents.get(p).leaves()) {
                    st.setLong(1, collection.id());
                    st.setLong(2, docId);
                    st.setLong(3, parentIds.get(p));
                    st.setInt(4, ordinal++);
                    st.setString(5, leaf.text());
                    st.setString(6, Json.write(leaf.metadata()));
                    if (leaf.embedding() == null) {
                        st.setNull(7, Types.OTHER);
                    } else {
                        st.setObject(7, new PGvector(leaf.embedding()));
                    }
                    st.setString(8, collection.textConfig());
                    st.setString(9, leaf.indexText());
                    st.addBatch();
                }
            }
            st.executeBatch();
        }
    }

    private void addStatistics(Connection c, long docId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                insert into rag_postings (collection_id, term, chunk_id, tf, len)
                select ch.collection_id, u.lexeme, ch.id, coalesce(array_length(u.positions, 1), 1), ch.length
                from rag_chunks ch cross join unnest(ch.tsv) u
                where ch.document_id = ? and ch.kind = 'chunk'""")) {
            st.setLong(1, docId);
            st.executeUpdate();
        }
        // sorted, so concurrent ingests lock term rows in the same order
        try (PreparedStatement st = c.prepareStatement("""
                insert into rag_terms (collection_id, term, df)
                select ?, p.term, count(*) from rag_postings p join rag_chunks ch on ch.id = p.chunk_id
                where ch.document_id = ? group by p.term order by p.term
                on conflict (collection_id, term) do update set df = rag_terms.df + excluded.df""")) {
            st.setLong(1, collection.id());
            st.setLong(2, docId);
            st.executeUpdate();
        }
        updateCollection(c, docId, +1);
    }

    private void updateCollection(Connection c, long docId, int sign) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                update rag_collections set chunk_count = chunk_count + ? * x.n, total_length = total_length + ? * x.len
                from (select count(*) as n, coalesce(sum(length), 0) as len from rag_chunks
                      where document_id = ? and kind = 'chunk') x
                where id = ?""")) {
            st.setInt(1, sign);
            st.setInt(2, sign);
            st.setLong(3, docId);
            st.setLong(4, collection.id());
            st.executeUpdate();
        }
    }

    /** Runs a statement in the store (maintenance), e.g. ANALYZE after a large ingest. */
    public void analyze() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("analyze rag_chunks");
            st.execute("analyze rag_postings");
            st.execute("analyze rag_terms");
        } catch (SQLException e) {
            throw new DatabaseException("ANALYZE of the rag tables failed: " + e.getMessage(), e);
        }
    }
}
