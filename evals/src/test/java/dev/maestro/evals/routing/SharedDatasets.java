package dev.maestro.evals.routing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared evaluation datasets: {@code $MAESTRO_DATASETS}, else the first {@code shared/datasets}
 * found walking up from the working directory (the repository sits beside {@code shared/}).
 */
final class SharedDatasets {

    private SharedDatasets() {
    }

    static Optional<Path> find(String relative) {
        String env = System.getenv("MAESTRO_DATASETS");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env).resolve(relative);
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared/datasets").resolve(relative);
            if (Files.exists(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
