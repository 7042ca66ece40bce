package dev.maestro.server;

import java.nio.file.Path;

/**
 * Ingests one uploaded file into a retrieval collection. The server calls it off the request path, after the
 * upload was accepted (202).
 */
@FunctionalInterface
public interface DocumentIngestion {

    /**
     * @param collection the tenant-scoped collection name ({@code <tenant>:<collection>})
     * @param file       the stored upload
     * @return a one-line summary, e.g. "1 added, 12 chunks"
     */
    String ingest(String collection, Path file);
}
