package dev.maestro.server;

import dev.maestro.core.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Uploaded documents: kept under {@code <data-dir>/uploads/<tenant>/<id>/<file>}, recorded in {@code api_documents},
 * and ingested one at a time in the background into the tenant's collection {@code <tenant>:<collection>}.
 */
final class Documents implements AutoCloseable {

    /** What the ingestor reads. */
    static final Set<String> EXTENSIONS = Set.of("txt", "md", "html", "htm", "pdf", "json", "jsonl");

    private static final Logger LOG = LoggerFactory.getLogger(Documents.class);

    private final DataSource dataSource;
    private final Path dataDir;
    private final DocumentIngestion ingestion;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "maestro-ingest");
        t.setDaemon(true);
        return t;
    });

    Documents(DataSource dataSource, Path dataDir, DocumentIngestion ingestion) {
        this.dataSource = dataSource;
        this.dataDir = dataDir;
        this.ingestion = ingestion;
    }

    record Document(String id, String collection, String filename, long bytes, String sha256, String status, String detail,
                    String createdAt, String updatedAt) {
    }

    /** Stores the upload, records it and queues its ingestion; returns the accepted document. */
    Document accept(Principal who, String collection, String filename, byte[] content) {
        UUID id = UUID.randomUUID();
        Path dir = dataDir.resolve("uploads").resolve(who.tenant()).resolve(id.toString());
        Path file = dir.resolve(filename);
        try {
            Files.createDirectories(dir);
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Storing upload " + filename + " under " + dir + " failed", e);
        }
        String sha = sha256(content);
        String sql = "insert into api_documents (id, tenant_id, collection, filename, bytes, sha256, path, status) values (?, ?, ?, ?, ?, ?, ?, 'accepted')";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, id);
            st.setString(2, who.tenant());
            st.setString(3, collection);
            st.setString(4, filename);
            st.setLong(5, content.length);
            st.setString(6, sha);
            st.setString(7, file.toString());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("Recording upload " + filename + " in table api_documents failed: " + e.getMessage(), e);
        }
        String scoped = who.tenant() + ":" + collection;
        worker.execute(() -> ingest(id, scoped, file));
        return require(who, id.toString());
    }

    Document require(Principal who, String id) {
        UUID uuid = Conversations.uuid(id, "Document");
        List<Document> found = query("where id = ? and tenant_id = ?", uuid, who.tenant());
        if (found.isEmpty()) {
            throw ApiException.notFound("Document " + id);
        }
        return found.get(0);
    }

    List<Document> list(Principal who, int limit) {
        return query("where tenant_id = ? order by created_at desc, id limit ?", who.tenant(), limit);
    }

    static String safeFilename(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("Say the document's file name: the filename query parameter, or a multipart part named file.");
        }
        String base = Path.of(name.replace('\\', '/')).getFileName().toString();
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 128 || safe.startsWith(".")) {
            throw ApiException.badRequest("File name '" + base + "' is not usable: at most 128 characters, not starting with '.'.");
        }
        int dot = safe.lastIndexOf('.');
        String ext = dot < 0 ? "" : safe.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!EXTENSIONS.contains(ext)) {
            throw new ApiException(415, "unsupported_document", "Cannot ingest '" + base + "': supported types are "
                    + EXTENSIONS.stream().sorted().map(e -> "." + e).toList() + ".");
        }
        return safe;
    }

    private void ingest(UUID id, String collection, Path file) {
        update(id, "ingesting", "");
        try {
            update(id, "ingested", ingestion.ingest(collection, file));
        } catch (RuntimeException e) {
            LOG.warn("ingesting upload {} failed: {}", id, e.getMessage());
            update(id, "failed", String.valueOf(e.getMessage()));
        }
    }

    private void update(UUID id, String status, String detail) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("update api_documents set status = ?, detail = ?, updated_at = now() where id = ?")) {
            st.setString(1, status);
            st.setString(2, detail);
            st.setObject(3, id);
            st.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("recording the status of upload {} failed: {}", id, e.getMessage());
        }
    }

    private List<Document> query(String where, Object... args) {
        String sql = "select id, collection, filename, bytes, sha256, status, detail, created_at, updated_at from api_documents " + where;
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            List<Document> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Document(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant().toString(), rs.getTimestamp(9).toInstant().toString()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("Reading table api_documents failed: " + e.getMessage(), e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
