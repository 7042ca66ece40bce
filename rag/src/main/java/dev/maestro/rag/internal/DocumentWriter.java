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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and deletes documents, keeping the BM25 statistics (rag_terms.df, rag_collections.chunk_count /
 * total_length) in step with the chunks in the same transaction. A batch of documents is one transaction of two
 * statements, whatever its size: per-row statements cost the database more than the rows themselves, CPU the
 * embedding model shares. An interrupted write leaves the previous version of each document, or nothing, never
 * half of one.
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

    /**
     * Subtracts the old versions' statistics, then deletes them (chunks and postings cascade). Terms whose df drops
     * to 0 stay as rows: harmless (no postings join them) and re-used on the next ingest.
     */
    private static final String DELETE = """
            with old as (
                select id from rag_documents where collection_id = ? and source = any(?) order by source for update
            ), term as (
                update rag_terms t set df = t.df - x.n
                from (select p.term, count(*) as n from rag_postings p join rag_chunks ch on ch.id = p.chunk_id
                      where ch.document_id in (select id from old) group by p.term) x
                where t.collection_id = ? and t.term = x.term
            ), counters as (
                update rag_collections set chunk_count = chunk_count - x.n, total_length = total_length - x.length
                from (select count(*) as n, coalesce(sum(length), 0) as length from rag_chunks
                      where document_id in (select id from old) and kind = 'chunk') x
                where id = ? and x.n > 0
            )
            delete from rag_documents where id in (select id from old)""";

    /**
     * Inserts documents, sections, leaves and postings and adds their statistics. Rows are inserted in the order
     * given, so chunk ids (the tie-break of rankings) keep document and leaf order. Term rows are updated once per
     * batch, sorted, so concurrent ingests lock them in the same order.
     */
    private static final String INSERT = """
            with doc as (
                insert into rag_documents (collection_id, source, title, content_hash, metadata)
                select ?, x.source, x.title, x.hash, cast(x.metadata as jsonb)
                from unnest(?, ?, ?, ?) with ordinality x(source, title, hash, metadata, n)
                order by x.n
                returning id, source
            ), section as (
                insert into rag_chunks (collection_id, document_id, kind, ordinal, text, metadata)
                select ?, doc.id, 'section', x.ordinal, x.text, cast(x.metadata as jsonb)
                from unnest(?, ?, ?, ?) with ordinality x(source, ordinal, text, metadata, n)
                join doc on doc.source = x.source
                order by x.n
                returning id, document_id, ordinal
            ), leaf as (
                insert into rag_chunks (collection_id, document_id, parent_id, kind, ordinal, text, metadata, tsv, length, embedding)
                select ?, s.document_id, s.id, 'chunk', x.ordinal, x.text, cast(x.metadata as jsonb), v.tsv,
                       (select coalesce(sum(coalesce(array_length(u.positions, 1), 1)), 0) from unnest(v.tsv) u),
                       cast(x.embedding as vector)
                from unnest(?, ?, ?, ?, ?, ?, ?) with ordinality x(source, section, ordinal, text, metadata, index_text, embedding, n)
                join doc on doc.source = x.source
                join section s on s.document_id = doc.id and s.ordinal = x.section
                cross join lateral (select to_tsvector(cast(? as regconfig), x.index_text) as tsv) v
                order by x.n
                returning id, tsv, length
            ), posting as (
                insert into rag_postings (collection_id, term, chunk_id, tf, len)
                select ?, u.lexeme, leaf.id, coalesce(array_length(u.positions, 1), 1), leaf.length
                from leaf cross join unnest(leaf.tsv) u
                order by leaf.id, u.lexeme
            ), term as (
                insert into rag_terms (collection_id, term, df)
                select ?, u.lexeme, count(*) from leaf cross join unnest(leaf.tsv) u
                group by u.lexeme order by u.lexeme
                on conflict (collection_id, term) do update set df = rag_terms.df + excluded.df
            )
            update rag_collections set chunk_count = chunk_count + x.n, total_length = total_length + x.length
            from (select count(*) as n, coalesce(sum(length), 0) as length from leaf) x
            where id = ?""";

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

    /**
     * Replaces (or inserts) the documents in one transaction. A source given twice keeps its later version, as if the
     * two had been written one after the other.
     */
    public void write(List<DocumentRows> docs) {
        Map<String, DocumentRows> bySource = new LinkedHashMap<>();
        for (DocumentRows doc : docs) {
            bySource.remove(doc.source()); // the later version takes the later place (and chunk ids)
            bySource.put(doc.source(), doc);
        }
        if (bySource.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                deleteExisting(c, bySource.keySet());
                insert(c, bySource.values());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Writing " + bySource.size() + " documents (" + bySource.keySet().iterator().next()
                    + ", ...) to collection '" + collection.name() + "' failed: " + e.getMessage(), e);
        }
    }

    /** Deletes the document with this source, if any; true when one was deleted. */
    public boolean delete(String source) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean deleted = deleteExisting(c, List.of(source));
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

    private boolean deleteExisting(Connection c, Collection<String> sources) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(DELETE)) {
            st.setLong(1, collection.id());
            st.setArray(2, c.createArrayOf("text", sources.toArray()));
            st.setLong(3, collection.id());
            st.setLong(4, collection.id());
            return st.executeUpdate() > 0;
        }
    }

    private void insert(Connection c, Collection<DocumentRows> docs) throws SQLException {
        Columns documents = new Columns();
        Columns sections = new Columns();
        Columns leaves = new Columns();
        for (DocumentRows doc : docs) {
            documents.add(doc.source(), doc.title(), doc.hash(), Json.write(doc.metadata()));
            int ordinal = 0;
            for (int p = 0; p < doc.parents().size(); p++) {
                ParentRow parent = doc.parents().get(p);
                sections.add(doc.source(), p, parent.text(), Json.write(parent.metadata()));
                for (LeafRow leaf : parent.leaves()) {
                    leaves.add(doc.source(), p, ordinal++, leaf.text(), Json.write(leaf.metadata()), leaf.indexText(),
                            leaf.embedding() == null ? null : new PGvector(leaf.embedding()).toString());
                }
            }
        }
        try (PreparedStatement st = c.prepareStatement(INSERT)) {
            int i = 1;
            st.setLong(i++, collection.id());
            i = documents.bind(st, i, "text", "text", "text", "text");
            st.setLong(i++, collection.id());
            i = sections.bind(st, i, "text", "int4", "text", "text");
            st.setLong(i++, collection.id());
            i = leaves.bind(st, i, "text", "int4", "int4", "text", "text", "text", "text");
            st.setString(i++, collection.textConfig());
            st.setLong(i++, collection.id());
            st.setLong(i++, collection.id());
            st.setLong(i, collection.id());
            st.executeUpdate();
        }
    }

    /** Rows collected column by column, bound as one array per column (unnest turns them back into rows). */
    private static final class Columns {
        private final List<List<Object>> columns = new ArrayList<>();

        void add(Object... row) {
            for (int i = 0; i < row.length; i++) {
                if (columns.size() == i) {
                    columns.add(new ArrayList<>());
                }
                columns.get(i).add(row[i]);
            }
        }

        int bind(PreparedStatement st, int index, String... types) throws SQLException {
            for (int i = 0; i < types.length; i++) {
                Object[] values = columns.isEmpty() ? new Object[0] : columns.get(i).toArray();
                st.setArray(index + i, st.getConnection().createArrayOf(types[i], values));
            }
            return index + types.length;
        }
    }

    /**
     * ANALYZE of the rag tables once the rows changed since the last one reach a tenth of rag_chunks (autovacuum's
     * rule, without its floor of 50 rows, so a new store is always analyzed): the planner's estimates stay honest
     * after bulk changes, and a small ingest into a large store does not pay for sampling all of it (a quarter of the
     * database's work for 1,000 chunks written into 100,000). {@code chunks} (written by this run) count as changed
     * too, since the server's statistics may not hold them yet.
     */
    public void analyzeIfStale(long chunks) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement st = c.prepareStatement("""
                    select s.n_mod_since_analyze + ? < 0.1 * t.reltuples
                    from pg_class t join pg_stat_user_tables s on s.relid = t.oid
                    where t.oid = 'rag_chunks'::regclass""")) {
                st.setLong(1, chunks);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return;
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("analyze rag_chunks");
                st.execute("analyze rag_postings");
                st.execute("analyze rag_terms");
            }
        } catch (SQLException e) {
            throw new DatabaseException("ANALYZE of the rag tables failed: " + e.getMessage(), e);
        }
    }
}
