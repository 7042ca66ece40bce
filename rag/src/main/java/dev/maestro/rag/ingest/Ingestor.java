package dev.maestro.rag.ingest;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.core.Ensure;
import dev.maestro.core.MaestroException;
import dev.maestro.core.Progress;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.rag.internal.DocumentWriter;
import dev.maestro.rag.internal.DocumentWriter.DocumentRows;
import dev.maestro.rag.internal.DocumentWriter.LeafRow;
import dev.maestro.rag.internal.DocumentWriter.ParentRow;
import dev.maestro.rag.internal.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Ingests files, directories (recursively) or parsed documents into a collection: parse, chunk, embed in
 * batches, then write each embedded batch in one transaction (a document is stored whole or not at all; per
 * batch rather than per document, so the database takes little of the CPU the model needs). A document whose
 * content hash is unchanged is skipped before embedding; a changed one is replaced atomically; with
 * {@code prune}, documents whose file (or .jsonl record) is gone are deleted. Bad files are reported in
 * {@link IngestReport#skipped()} and never abort the run; a failing embedding model or database does. One batch
 * is written (on a writer thread) while the next one embeds, so {@link Progress} is called from both threads.
 *
 * <pre>{@code
 * IngestReport r = Ingestor.builder().store(store).collection(docs).embeddingModel(model).progress(progress).build()
 *         .ingest(List.of(Path.of("handbook")), true);
 * }</pre>
 *
 * @since 0.1
 */
public final class Ingestor {

    /** Leaf chunk size in tokens (defaults to 256). */
    public static final int DEFAULT_MAX_TOKENS = 256;
    /** Tokens repeated between consecutive leaves (defaults to 32). */
    public static final int DEFAULT_OVERLAP_TOKENS = 32;
    /** Largest parent section a hit expands to (defaults to 1024 tokens). */
    public static final int DEFAULT_MAX_PARENT_TOKENS = 1024;
    /** Chunks per embedding call (defaults to 64). */
    public static final int DEFAULT_EMBED_BATCH = 64;
    /** Files larger than this are skipped (defaults to 50 MB). */
    public static final long DEFAULT_MAX_FILE_BYTES = 50L * 1024 * 1024;

    private final RagStore store;
    private final RagCollection collection;
    private final EmbeddingModel model;
    private final Chunker chunker;
    private final int embedBatch;
    private final long maxFileBytes;
    private final Progress progress;
    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;

    private Ingestor(Builder b) {
        this.store = Ensure.notNull(b.store, "store");
        this.collection = Ensure.notNull(b.collection, "collection");
        this.model = Ensure.notNull(b.embeddingModel, "embeddingModel");
        this.chunker = new Chunker(b.tokenCounter == null ? TokenCounter.ESTIMATE : b.tokenCounter,
                b.maxTokens == null ? DEFAULT_MAX_TOKENS : b.maxTokens,
                b.overlapTokens == null ? DEFAULT_OVERLAP_TOKENS : b.overlapTokens,
                b.maxParentTokens == null ? DEFAULT_MAX_PARENT_TOKENS : b.maxParentTokens);
        this.embedBatch = b.embedBatch == null ? DEFAULT_EMBED_BATCH : Ensure.positive(b.embedBatch, "embedBatchSize");
        this.maxFileBytes = b.maxFileBytes == null ? DEFAULT_MAX_FILE_BYTES : b.maxFileBytes;
        this.progress = b.progress == null ? Progress.NONE : b.progress;
        this.includes = b.includes.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        this.excludes = b.excludes.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        // fail now, not after parsing: the collection must belong to this model
        store.collection(collection.name(), model, b.modelName == null ? RagStore.modelName(model) : b.modelName);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Ingests files and directories.
     *
     * @param roots files or directories; directories are walked recursively (symlinks are followed only when
     *              they lead to a file inside one of the roots)
     * @param prune delete documents under the roots whose file or record no longer exists
     */
    public IngestReport ingest(List<Path> roots, boolean prune) {
        Ensure.notEmpty(roots, "roots");
        long start = System.nanoTime();
        Run run = new Run();
        List<Path> absRoots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        List<Path> files = walk(absRoots, run);
        try (Progress.Task task = progress.start("Ingesting into " + collection.name(), files.size(), "files")) {
            run.task = task;
            for (Path file : files) {
                task.message(file.getFileName().toString());
                List<SourceDocument> docs = read(file, run);
                if (docs == null) {
                    run.keepFiles.add(file.toString());
                } else {
                    for (SourceDocument doc : docs) {
                        offer(doc, run);
                    }
                }
                task.step(1);
            }
            flush(run);
            run.drain();
            if (prune) {
                prune(absRoots, run);
            }
        } finally {
            run.shutdown();
        }
        return finish(run, start);
    }

    /** Ingests already parsed documents (no pruning); unchanged ones are skipped by content hash. */
    public IngestReport ingestDocuments(List<SourceDocument> docs) {
        long start = System.nanoTime();
        Run run = new Run();
        try (Progress.Task task = progress.start("Ingesting into " + collection.name(), docs.size(), "docs")) {
            run.task = task;
            run.stepPerDocument = true;
            for (SourceDocument doc : docs) {
                offer(doc, run);
            }
            flush(run);
            run.drain();
        } finally {
            run.shutdown();
        }
        return finish(run, start);
    }

    private IngestReport finish(Run run, long start) {
        if (run.chunks > 0) {
            run.writer.analyzeIfStale(run.chunks);
        }
        return new IngestReport(run.added, run.updated, run.unchanged, run.deleted, run.chunks, run.skipped,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private final class Run {
        final DocumentWriter writer = new DocumentWriter(store.dataSource(), collection);
        final Map<String, String> hashes = writer.hashes();
        final Set<String> seen = new HashSet<>();
        final Set<String> keepFiles = new HashSet<>();
        final List<IngestReport.Skipped> skipped = new ArrayList<>();
        final List<Pending> pending = new ArrayList<>();
        int pendingLeaves;
        int added;
        int updated;
        int unchanged;
        int deleted;
        long chunks;
        long startNanos = System.nanoTime();
        boolean stepPerDocument;
        Progress.Task task;
        ExecutorService writerThread;
        Future<?> writing;

        ExecutorService background() {
            if (writerThread == null) {
                writerThread = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "maestro-ingest-writer");
                    t.setDaemon(true);
                    return t;
                });
            }
            return writerThread;
        }

        /** Waits for the last batch to be written. */
        void drain() {
            awaitWrites(this);
        }

        /**
         * Stops the writer thread after its current batch. Waits for that batch, so a run that fails while embedding
         * returns only once every document embedded before the failure is committed (a re-run then skips them).
         */
        void shutdown() {
            if (writerThread == null) {
                return;
            }
            writerThread.shutdown();
            try {
                if (!writerThread.awaitTermination(5, TimeUnit.MINUTES)) {
                    throw new MaestroException("The ingest writer did not finish its last batch within 5 minutes");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Pending(SourceDocument doc, String hash, List<Chunker.Parent> parents) {
    }

    private void offer(SourceDocument doc, Run run) {
        run.seen.add(doc.source());
        if (doc.isBlank()) {
            run.skipped.add(new IngestReport.Skipped(doc.source(), "no text"));
            step(run);
            return;
        }
        String hash = hash(doc);
        if (hash.equals(run.hashes.get(doc.source()))) {
            run.unchanged++;
            step(run);
            return;
        }
        List<Chunker.Parent> parents = chunker.chunk(doc);
        run.pending.add(new Pending(doc, hash, parents));
        run.pendingLeaves += parents.stream().mapToInt(p -> p.leaves().size()).sum();
        if (run.pendingLeaves >= embedBatch) {
            flush(run);
        }
    }

    private void step(Run run) {
        if (run.stepPerDocument) {
            run.task.step(1);
        }
    }

    private void flush(Run run) {
        if (run.pending.isEmpty()) {
            return;
        }
        List<TextSegment> texts = new ArrayList<>(run.pendingLeaves);
        for (Pending p : run.pending) {
            for (Chunker.Parent parent : p.parents()) {
                for (String leaf : parent.leaves()) {
                    texts.add(TextSegment.from(contextual(p.doc().title(), parent.heading(), leaf)));
                }
            }
        }
        List<Embedding> embeddings;
        try {
            embeddings = model.embedAll(texts).content();
        } catch (RuntimeException e) {
            throw new MaestroException("Embedding " + texts.size() + " chunks with " + RagStore.modelName(model) + " failed: "
                    + e.getMessage(), e);
        }
        if (embeddings.size() != texts.size()) {
            throw new MaestroException("Embedding model " + RagStore.modelName(model) + " returned " + embeddings.size()
                    + " embeddings for " + texts.size() + " chunks");
        }
        List<Pending> batch = List.copyOf(run.pending);
        awaitWrites(run); // at most one batch is written while the next one embeds
        run.writing = run.background().submit(() -> write(run, batch, texts, embeddings));
        run.pending.clear();
        run.pendingLeaves = 0;
    }

    /** Writes one embedded batch in one transaction (on the run's writer thread). */
    private void write(Run run, List<Pending> batch, List<TextSegment> texts, List<Embedding> embeddings) {
        List<DocumentRows> docs = new ArrayList<>(batch.size());
        int e = 0;
        for (Pending p : batch) {
            List<ParentRow> parents = new ArrayList<>();
            for (Chunker.Parent parent : p.parents()) {
                Map<String, Object> meta = chunkMetadata(p.doc(), parent.heading());
                List<LeafRow> leaves = new ArrayList<>();
                for (String leaf : parent.leaves()) {
                    String contextual = texts.get(e).text();
                    leaves.add(new LeafRow(leaf, contextual, meta, embeddings.get(e++).vector()));
                }
                parents.add(new ParentRow(parent.text(), meta, leaves));
            }
            docs.add(new DocumentRows(p.doc().source(), p.doc().title(), p.hash(), p.doc().metadata(), parents));
        }
        run.writer.write(docs);
        for (DocumentRows rows : docs) {
            if (run.hashes.containsKey(rows.source())) {
                run.updated++;
            } else {
                run.added++;
            }
            run.chunks += rows.leafCount();
            step(run);
        }
        double secs = (System.nanoTime() - run.startNanos) / 1e9;
        run.task.message(run.chunks + " chunks, " + Math.round(run.chunks / Math.max(secs, 1e-3)) + " chunks/s");
    }

    /** Waits for the batch being written; rethrows its failure. */
    private static void awaitWrites(Run run) {
        if (run.writing == null) {
            return;
        }
        try {
            run.writing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaestroException("Interrupted while writing documents", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new MaestroException("Writing documents failed: " + e.getCause(), e.getCause());
        } finally {
            run.writing = null;
        }
    }

    private void prune(List<Path> roots, Run run) {
        for (String source : new TreeMap<>(run.hashes).keySet()) {
            if (run.seen.contains(source)) {
                continue;
            }
            int hashMark = source.indexOf('#');
            String file = hashMark < 0 ? source : source.substring(0, hashMark);
            if (run.keepFiles.contains(file)) {
                continue; // its file exists but could not be read this time: keep what we have
            }
            Path path = Path.of(file);
            if (roots.stream().anyMatch(path::startsWith) && run.writer.delete(source)) {
                run.deleted++;
            }
        }
    }

    private List<Path> walk(List<Path> roots, Run run) {
        List<Path> realRoots = new ArrayList<>();
        for (Path r : roots) {
            try {
                realRoots.add(r.toRealPath());
            } catch (IOException e) {
                run.skipped.add(new IngestReport.Skipped(r.toString(), "does not exist or cannot be read"));
            }
        }
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (!supported(root, file)) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (attrs.isSymbolicLink()) {
                            try {
                                Path target = file.toRealPath();
                                if (realRoots.stream().noneMatch(target::startsWith)) {
                                    run.skipped.add(new IngestReport.Skipped(file.toString(), "symlink leads outside the given roots, to " + target));
                                    return FileVisitResult.CONTINUE;
                                }
                                if (!Files.isRegularFile(target)) {
                                    return FileVisitResult.CONTINUE;
                                }
                            } catch (IOException e) {
                                run.skipped.add(new IngestReport.Skipped(file.toString(), "broken symlink"));
                                return FileVisitResult.CONTINUE;
                            }
                        } else if (!attrs.isRegularFile()) {
                            return FileVisitResult.CONTINUE;
                        }
                        files.add(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        run.skipped.add(new IngestReport.Skipped(file.toString(), "cannot be read (" + e.getClass().getSimpleName() + ")"));
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                run.skipped.add(new IngestReport.Skipped(root.toString(), "cannot be walked: " + e.getMessage()));
            }
        }
        return files.stream().distinct().sorted().toList();
    }

    private boolean supported(Path root, Path file) {
        if (!Parsers.supported(file)) {
            return false;
        }
        Path rel = root.equals(file) ? file.getFileName() : root.relativize(file);
        if (!includes.isEmpty() && includes.stream().noneMatch(m -> m.matches(rel) || m.matches(rel.getFileName()))) {
            return false;
        }
        return excludes.stream().noneMatch(m -> m.matches(rel) || m.matches(rel.getFileName()));
    }

    /** The file's documents, or null when it was reported as bad. */
    private List<SourceDocument> read(Path file, Run run) {
        try {
            long size = Files.size(file);
            if (size > maxFileBytes) {
                run.skipped.add(new IngestReport.Skipped(file.toString(), "too big: " + size + " bytes > limit " + maxFileBytes));
                return null;
            }
            return Parsers.parse(file, Files.readAllBytes(file));
        } catch (IOException e) {
            run.skipped.add(new IngestReport.Skipped(file.toString(), "cannot be read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")"));
        } catch (BadFileException e) {
            run.skipped.add(new IngestReport.Skipped(file.toString(), e.getMessage()));
        } catch (RuntimeException e) { // a parser bug must not abort the run
            run.skipped.add(new IngestReport.Skipped(file.toString(), "cannot be parsed: " + e));
        }
        return null;
    }

    private static String contextual(String title, String heading, String text) {
        StringBuilder sb = new StringBuilder();
        if (!title.isEmpty()) {
            sb.append(title).append('\n');
        }
        if (!heading.isEmpty() && !heading.equals(title)) {
            sb.append(heading).append('\n');
        }
        return sb.append(text).toString();
    }

    private static Map<String, Object> chunkMetadata(SourceDocument doc, String heading) {
        Map<String, Object> meta = new LinkedHashMap<>(doc.metadata());
        meta.put("source", doc.source());
        if (!heading.isEmpty()) {
            meta.put("section", heading);
        }
        return meta;
    }

    private String hash(SourceDocument doc) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((chunker.signature() + '\0' + doc.title() + '\0' + Json.write(new TreeMap<>(doc.metadata()))).getBytes(StandardCharsets.UTF_8));
            for (SourceDocument.Section s : doc.sections()) {
                md.update(('\0' + s.heading() + '\0' + s.text()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static final class Builder {
        private RagStore store;
        private RagCollection collection;
        private EmbeddingModel embeddingModel;
        private String modelName;
        private TokenCounter tokenCounter;
        private Integer maxTokens;
        private Integer overlapTokens;
        private Integer maxParentTokens;
        private Integer embedBatch;
        private Long maxFileBytes;
        private Progress progress;
        private List<String> includes = List.of();
        private List<String> excludes = List.of();

        private Builder() {
        }

        public Builder store(RagStore store) {
            this.store = store;
            return this;
        }

        public Builder collection(RagCollection collection) {
            this.collection = collection;
            return this;
        }

        public Builder embeddingModel(EmbeddingModel embeddingModel) {
            this.embeddingModel = embeddingModel;
            return this;
        }

        /** The model's name as the collection records it; defaults to {@link RagStore#modelName}. */
        public Builder modelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        /** Defaults to {@link TokenCounter#ESTIMATE}. */
        public Builder tokenCounter(TokenCounter tokenCounter) {
            this.tokenCounter = tokenCounter;
            return this;
        }

        /** Defaults to {@value #DEFAULT_MAX_TOKENS}. */
        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        /** Defaults to {@value #DEFAULT_OVERLAP_TOKENS}. */
        public Builder overlapTokens(int overlapTokens) {
            this.overlapTokens = overlapTokens;
            return this;
        }

        /** Defaults to {@value #DEFAULT_MAX_PARENT_TOKENS}. */
        public Builder maxParentTokens(int maxParentTokens) {
            this.maxParentTokens = maxParentTokens;
            return this;
        }

        /** Defaults to {@value #DEFAULT_EMBED_BATCH}. */
        public Builder embedBatchSize(int embedBatch) {
            this.embedBatch = embedBatch;
            return this;
        }

        /** Defaults to {@value #DEFAULT_MAX_FILE_BYTES} bytes. */
        public Builder maxFileBytes(long maxFileBytes) {
            this.maxFileBytes = maxFileBytes;
            return this;
        }

        /** Defaults to {@link Progress#NONE}. */
        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /** Glob patterns (relative to a root, or a file name); when given, only matching files are read. */
        public Builder include(List<String> globs) {
            this.includes = List.copyOf(globs);
            return this;
        }

        /** Glob patterns (relative to a root, or a file name) of files to leave out. */
        public Builder exclude(List<String> globs) {
            this.excludes = List.copyOf(globs);
            return this;
        }

        public Ingestor build() {
            return new Ingestor(this);
        }
    }
}
