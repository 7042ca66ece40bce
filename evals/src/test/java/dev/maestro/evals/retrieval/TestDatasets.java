package dev.maestro.evals.retrieval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the shared datasets: env MAESTRO_DATASETS, else a {@code shared/datasets} folder up from the module dir. */
final class TestDatasets {

    private TestDatasets() {
    }

    static Optional<Path> find(String name) {
        String env = System.getenv("MAESTRO_DATASETS");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env).resolve(name);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared").resolve("datasets").resolve(name);
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
