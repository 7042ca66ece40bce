package dev.maestro.evals.memory;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared datasets: {@code -Dmaestro.datasets}, then {@code MAESTRO_DATASETS}, then {@code shared/datasets} beside an ancestor. */
final class Datasets {

    private Datasets() {
    }

    /** locomo10.json, or null when it cannot be found. */
    static Path locomo() {
        return find(Path.of("locomo", "locomo10.json"));
    }

    static Path find(Path relative) {
        for (String configured : new String[] {System.getProperty("maestro.datasets"), System.getenv("MAESTRO_DATASETS")}) {
            if (configured != null && !configured.isBlank()) {
                Path p = Path.of(configured).resolve(relative);
                return Files.isRegularFile(p) ? p : null;
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared").resolve("datasets").resolve(relative);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
