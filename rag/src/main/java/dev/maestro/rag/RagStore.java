package dev.maestro.rag;

import com.pgvector.PGvector;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.core.ConfigException;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;
import dev.maestro.rag.internal.Json;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The retrieval store: collections, documents and chunks in PostgreSQL (schema {@code V2__rag.sql}).
 * Each collection is tied to one embedding model; opening it with another model fails with a clear message.
 *
 * <pre>{@code
 * RagStore store = RagStore.create(database.dataSource());
 * RagCollection docs = store.collection("docs", embeddingModel);
 * Retriever hybrid = HybridRetriever.builder().store(store).collection(docs).embeddingModel(embeddingModel).build();
 * List<Hit> hits = hybrid.retrieve("how do I rotate the keys?", 5);
 * }</pre>
 *
 * @since 0.1
 */
public final class RagStore {

    /** The text-search configuration for new collections (stemming and stop words for BM25 terms). */
    public static final String DEFAULT_TEXT_CONFIG = "english";

    private final DataSource dataSource;

    private RagStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A store over a migrated database (schema V2 or later, pgvector installed). */
    public static RagStore create(DataSource dataSource) {
        return new RagStore(Ensure.notNull(dataSource, "dataSource"));
    }

    /**
     * The name stored with a collection for {@code model}: its {@code modelName()}, or its class name when the
     * model does not report one (in-process ONNX models say "unknown").
     */
    public static String modelName(EmbeddingModel model) {
        String name = model.modelName();
        return name == null || name.isBlank() || "unknown".equalsIgnoreCase(name) ? model.getClass().getSimpleName() : name;
    }

    /**
     * Opens the collection, creating it (with its HNSW index) when it does not exist.
     *
     * @throws ConfigException when the collection exists with a different embedding model or dimension
     */
    public RagCollection collection(String name, EmbeddingModel model) {
        return collection(name, model, modelName(Ensure.notNull(model, "model")));
    }

    /**
     * Same as {@link #collection(String, EmbeddingModel)}, with the model's name given, for models that do not
     * report one (or wrappers around them), e.g. {@code onnx:bge-small-en-v1.5-q}.
     */
    public RagCollection collection(String name, EmbeddingModel model, String modelName) {
        Ensure.notBlank(name, "name");
        Ensure.notNull(model, "model");
        Ensure.notBlank(modelName, "modelName");
        int dimension = model.dimension();
        Optional<RagCollection> existing = find(name);
        if (existing.isPresent()) {
            return check(existing.get(), modelName, dimension);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement st = c.prepareStatement("""
                        insert into rag_collections (name, embedding_model, dimension, text_config)
                        values (?, ?, ?, cast(? as regconfig)) on conflict (name) do nothing returning id""")) {
                    st.setString(1, name);
                    st.setString(2, modelName);
                    st.setInt(3, dimension);
                    st.setString(4, DEFAULT_TEXT_CONFIG);
                    try (ResultSet rs = st.executeQuery()) {
                        if (!rs.next()) { // created concurrently
                            c.rollback();
                            return check(find(name).orElseThrow(), modelName, dimension);
                        }
                        id = rs.getLong(1);
                    }
                }
                try (Statement st = c.createStatement()) {
                    // DDL cannot take parameters: the text holds only two integers, the id and the dimension.
                    st.execute("create index " + hnswIndex(id) + " on rag_chunks using hnsw ((embedding::vector(" + dimension
                            + ")) vector_cosine_ops) where collection_id = " + id);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Creating collection '" + name + "' failed: " + e.getMessage()
                    + " — is the database migrated (./maestro db up)?", e);
        }
        return find(name).orElseThrow();
    }

    public Optional<RagCollection> find(String name) {
        List<RagCollection> found = query("where name = ?", name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    public List<RagCollection> collections() {
        return query("order by name", null);
    }

    /** Re-reads the collection's counters (chunk count, total length) after an ingest. */
    public RagCollection refresh(RagCollection collection) {
        return find(collection.name()).orElseThrow(() -> new DatabaseException("Collection '" + collection.name() + "' no longer exists"));
    }

    /** Deletes the collection with all its documents, chunks, feedback and policies; false when it did not exist. */
    public boolean drop(String name) {
        Optional<RagCollection> found = find(name);
        if (found.isEmpty()) {
            return false;
        }
        long id = found.get().id();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("drop index if exists " + hnswIndex(id));
            try (PreparedStatement del = c.prepareStatement("delete from rag_collections where id = ?")) {
                del.setLong(1, id);
                return del.executeUpdate() > 0;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Dropping collection '" + name + "' failed: " + e.getMessage(), e);
        }
    }

    /** Number of documents in the collection. */
    public long documentCount(RagCollection collection) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select count(*) from rag_documents where collection_id = ?")) {
            st.setLong(1, collection.id());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException("Counting documents of collection '" + collection.name() + "' failed: " + e.getMessage(), e);
        }
    }

    /** Loads scored chunk ids as hits, best first, keeping their scores. */
    List<Hit> load(List<Scored> top) {
        return load(top.stream().map(Scored::chunkId).toList(), top.stream().map(Scored::score).toList());
    }

    /**
     * Loads the chunks with the given ids as hits, in the order given, with the given scores.
     * Ids that no longer exist are left out.
     */
    public List<Hit> load(List<Long> chunkIds, List<Double> scores) {
        if (chunkIds.isEmpty()) {
            return List.of();
        }
        Map<Long, Hit> byId = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("""
                     select c.id, c.document_id, d.source, d.title, c.text, c.metadata::text
                     from rag_chunks c join rag_documents d on d.id = c.document_id
                     where c.id = any(?)""")) {
            st.setArray(1, c.createArrayOf("bigint", chunkIds.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Hit h = new Hit(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            Json.readMap(rs.getString(6)), 0, null);
                    byId.put(h.chunkId(), h);
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("Loading " + chunkIds.size() + " chunks failed: " + e.getMessage(), e);
        }
        List<Hit> hits = new ArrayList<>(chunkIds.size());
        for (int i = 0; i < chunkIds.size(); i++) {
            Hit h = byId.get(chunkIds.get(i));
            if (h != null) {
                hits.add(h.withScore(scores.get(i)));
            }
        }
        return hits;
    }

    /**
     * Document frequencies of the query's terms (as BM25 sees them: lexemes of the collection's text
     * configuration), and N, the number of searchable chunks.
     */
    public TermStatistics termStatistics(RagCollection collection, String text) {
        List<Integer> dfs = new ArrayList<>();
        long n;
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("""
                     select coalesce(t.df, 0), (select chunk_count from rag_collections where id = ?)
                     from unnest(to_tsvector(cast(? as regconfig), ?)) q
                     left join rag_terms t on t.collection_id = ? and t.term = q.lexeme""")) {
            st.setLong(1, collection.id());
            st.setString(2, collection.textConfig());
            st.setString(3, text);
            st.setLong(4, collection.id());
            n = collection.chunkCount();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    dfs.add(rs.getInt(1));
                    n = rs.getLong(2);
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("Reading term statistics of collection '" + collection.name() + "' failed: " + e.getMessage(), e);
        }
        return new TermStatistics(n, dfs);
    }

    /** Escape hatch: the underlying data source, for queries this API does not offer. */
    public DataSource dataSource() {
        return dataSource;
    }

    static String hnswIndex(long collectionId) {
        return "rag_chunks_hnsw_" + collectionId;
    }

    static PGvector vector(float[] values) {
        return new PGvector(values);
    }

    private static RagCollection check(RagCollection existing, String modelName, int dimension) {
        if (existing.dimension() != dimension || !existing.embeddingModel().equals(modelName)) {
            throw new ConfigException("Collection '" + existing.name() + "' holds " + existing.dimension()
                    + "-dimensional embeddings from model '" + existing.embeddingModel() + "', but the embedding model in use is '"
                    + modelName + "' with " + dimension + " dimensions. Use model '" + existing.embeddingModel()
                    + "', or ingest into a new collection (--collection NAME).");
        }
        return existing;
    }

    private List<RagCollection> query(String where, String param) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select id, name, embedding_model, dimension, text_config::text, chunk_count,"
                     + " total_length from rag_collections " + where)) {
            if (param != null) {
                st.setString(1, param);
            }
            List<RagCollection> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new RagCollection(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                            rs.getLong(6), rs.getLong(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("Reading collections failed: " + e.getMessage()
                    + " — is the database migrated (./maestro db up)?", e);
        }
    }
}
