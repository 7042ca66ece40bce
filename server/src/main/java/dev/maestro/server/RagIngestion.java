package dev.maestro.server;

import dev.maestro.IngestRequest;
import dev.maestro.Maestro;
import dev.maestro.rag.ingest.IngestReport;

import java.nio.file.Path;

/** Uploads go through {@link Maestro#ingest}, with the Maestro's embedding model. */
final class RagIngestion implements DocumentIngestion {

    private final Maestro maestro;

    RagIngestion(Maestro maestro) {
        this.maestro = maestro;
    }

    @Override
    public String ingest(String collection, Path file) {
        IngestReport report = maestro.ingest(IngestRequest.builder().path(file).collection(collection).build());
        if (!report.skipped().isEmpty()) {
            throw new IllegalArgumentException("The file was not ingested: " + report.skipped().get(0).reason());
        }
        return report.summary();
    }
}
