package dev.maestro;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Batches of texts that rarely change (the agents' example requests) embedded once per model and kept in
 * {@code embedding_cache}; a start then embeds only what is new. Single texts (requests) pass straight through, and
 * a database that cannot be read or written only costs the embedding.
 */
final class StoredEmbeddings implements EmbeddingModel {

    private static final Logger LOG = LoggerFactory.getLogger(StoredEmbeddings.class);

    private final DataSource dataSource;
    private final String model;
    private final EmbeddingModel delegate;

    StoredEmbeddings(DataSource dataSource, String model, EmbeddingModel delegate) {
        this.dataSource = dataSource;
        this.model = model;
        this.delegate = delegate;
    }

    @Override
    public Response<Embedding> embed(String text) {
        return delegate.embed(text);
    }

    @Override
    public Response<Embedding> embed(TextSegment segment) {
        return delegate.embed(segment);
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<byte[]> hashes = segments.stream().map(s -> sha256(s.text())).toList();
        Map<String, float[]> stored = read(hashes);
        List<TextSegment> missing = new ArrayList<>();
        List<byte[]> missingHashes = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            if (!stored.containsKey(key(hashes.get(i)))) {
                missing.add(segments.get(i));
                missingHashes.add(hashes.get(i));
            }
        }
        if (!missing.isEmpty()) {
            List<Embedding> embedded = delegate.embedAll(missing).content();
            for (int i = 0; i < missing.size(); i++) {
                stored.put(key(missingHashes.get(i)), embedded.get(i).vector());
            }
            write(missingHashes, embedded);
        }
        List<Embedding> out = new ArrayList<>(segments.size());
        for (byte[] hash : hashes) {
            out.add(Embedding.from(stored.get(key(hash))));
        }
        return Response.from(out);
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    private Map<String, float[]> read(List<byte[]> hashes) {
        Map<String, float[]> found = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select text_hash, embedding from embedding_cache where model = ? and text_hash = any(?)")) {
            st.setString(1, model);
            st.setArray(2, c.createArrayOf("bytea", hashes.toArray(new byte[0][])));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Array array = rs.getArray(2);
                    Float[] boxed = (Float[]) array.getArray();
                    float[] vector = new float[boxed.length];
                    for (int i = 0; i < boxed.length; i++) {
                        vector[i] = boxed[i];
                    }
                    found.put(key(rs.getBytes(1)), vector);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not read stored embeddings ({}); embedding the examples again", e.getMessage());
        }
        return found;
    }

    private void write(List<byte[]> hashes, List<Embedding> embeddings) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("insert into embedding_cache (model, text_hash, embedding) values (?, ?, ?)"
                     + " on conflict do nothing")) {
            for (int i = 0; i < hashes.size(); i++) {
                float[] v = embeddings.get(i).vector();
                Float[] boxed = new Float[v.length];
                for (int j = 0; j < v.length; j++) {
                    boxed[j] = v[j];
                }
                st.setString(1, model);
                st.setBytes(2, hashes.get(i));
                st.setArray(3, c.createArrayOf("real", boxed));
                st.addBatch();
            }
            st.executeBatch();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not store the examples' embeddings ({}); the next start embeds them again", e.getMessage());
        }
    }

    private static String key(byte[] hash) {
        return java.util.HexFormat.of().formatHex(hash);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
