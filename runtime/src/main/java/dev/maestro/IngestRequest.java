package dev.maestro;

import dev.maestro.core.Ensure;
import dev.maestro.core.Progress;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Files and folders to put into a retrieval collection (.txt .md .html .pdf .json .jsonl, BEIR {@code corpus.jsonl}).
 * Unchanged files are skipped, changed ones replaced; bad files are reported in the result and skipped.
 *
 * <pre>{@code
 * IngestReport report = maestro.ingest(IngestRequest.builder().path(Path.of("docs")).include("**.md").build());
 * }</pre>
 *
 * @param paths      what to ingest
 * @param collection the collection; {@value #DEFAULT_COLLECTION} (the one the researcher agent reads) when not set
 * @param include    globs a file must match (relative path or name); all files when empty
 * @param exclude    globs that leave a file out
 * @param prune      whether to delete documents under the paths whose files no longer exist
 * @param progress   where to report progress
 * @since 0.1
 */
public record IngestRequest(List<Path> paths, String collection, List<String> include, List<String> exclude, boolean prune,
                            Progress progress) {

    /** The collection the researcher agent reads. */
    public static final String DEFAULT_COLLECTION = "default";

    public IngestRequest {
        paths = List.copyOf(Ensure.notNull(paths, "paths"));
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("paths cannot be empty: name at least one file or folder to ingest");
        }
        collection = collection == null || collection.isBlank() ? DEFAULT_COLLECTION : collection;
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        progress = progress == null ? Progress.NONE : progress;
    }

    /** The given paths into the default collection. */
    public static IngestRequest of(Path... paths) {
        return builder().paths(Arrays.asList(paths)).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link IngestRequest}; at least one path is required. */
    public static final class Builder {

        private final java.util.ArrayList<Path> paths = new java.util.ArrayList<>();
        private final java.util.ArrayList<String> include = new java.util.ArrayList<>();
        private final java.util.ArrayList<String> exclude = new java.util.ArrayList<>();
        private String collection;
        private boolean prune;
        private Progress progress;

        private Builder() {
        }

        public Builder path(Path path) {
            paths.add(Ensure.notNull(path, "path"));
            return this;
        }

        public Builder paths(List<Path> more) {
            more.forEach(this::path);
            return this;
        }

        public Builder collection(String collection) {
            this.collection = collection;
            return this;
        }

        public Builder include(String... globs) {
            return include(Arrays.asList(globs));
        }

        public Builder include(List<String> globs) {
            include.addAll(globs);
            return this;
        }

        public Builder exclude(List<String> globs) {
            exclude.addAll(globs);
            return this;
        }

        public Builder prune(boolean prune) {
            this.prune = prune;
            return this;
        }

        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        public IngestRequest build() {
            return new IngestRequest(paths, collection, include, exclude, prune, progress);
        }
    }
}
