package dev.maestro.rag.ingest;

import java.time.Duration;
import java.util.List;

/**
 * What an ingest run did.
 *
 * @param added     new documents written
 * @param updated   changed documents replaced
 * @param unchanged documents whose content hash matched (nothing written)
 * @param deleted   documents pruned because their file (or record) is gone
 * @param chunks    leaf chunks written (embedded)
 * @param skipped   files (or records) reported and skipped, with the reason
 * @param elapsed   wall time
 * @since 0.1
 */
public record IngestReport(int added, int updated, int unchanged, int deleted, long chunks, List<Skipped> skipped, Duration elapsed) {

    public IngestReport {
        skipped = List.copyOf(skipped);
    }

    /** Chunks embedded and written per second. */
    public double chunksPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : chunks / s;
    }

    /** One line, e.g. {@code 12 added, 3 updated, 40 unchanged, 1 deleted, 2 skipped; 230 chunks in 4.1 s (56 chunks/s)}. */
    public String summary() {
        return "%d added, %d updated, %d unchanged, %d deleted, %d skipped; %d chunks in %.1f s (%.0f chunks/s)".formatted(
                added, updated, unchanged, deleted, skipped.size(), chunks, elapsed.toMillis() / 1000.0, chunksPerSecond());
    }

    /** A file that was not ingested, and why. */
    public record Skipped(String path, String reason) {
    }
}
