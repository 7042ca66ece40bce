package dev.maestro.cli;

import dev.langchain4j.data.segment.TextSegment;
import dev.maestro.core.config.AppConfig;
import dev.maestro.MaestroDatabase;
import dev.maestro.providers.Providers;
import dev.maestro.providers.QueryAwareEmbeddingModel;
import dev.maestro.core.Progress;
import dev.maestro.core.db.Database;
import dev.maestro.evals.retrieval.Metrics;
import dev.maestro.rag.DenseRetriever;
import dev.maestro.rag.HybridRetriever;
import dev.maestro.rag.KeywordRetriever;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.rag.ingest.IngestReport;
import dev.maestro.rag.ingest.Ingestor;
import dev.maestro.rag.ingest.SourceDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code maestro bench retrieval}: ingest throughput against the embedding model's raw throughput, and hybrid query
 * latency (query embedding included) at N chunks. Synthetic English-like text, seeded, so runs compare.
 * A benchmark, not a test: nothing fails on a slow machine.
 */
@Command(name = "retrieval", mixinStandardHelpOptions = true,
        description = {"Benchmark ingest throughput (vs. the embedding model alone) and hybrid query latency at N chunks.",
                "Uses collection bench-<N>, created on the first run and reused (ingest is then measured on a fresh sample)."})
final class BenchRetrievalCommand implements Runnable {

    /** Words per synthetic chunk: about 80 model tokens. */
    static final int WORDS_PER_CHUNK = 60;
    private static final String[] VOCABULARY = ("the of and to in a is that for it as was with be by on not he this are or his from at which but have an they "
            + "you were her all she there would their we him been has when who will more no if out so said what up its about into than them can only "
            + "other new some could time these two may then do first any my now such like our over man me even most made after also did many before must "
            + "through back years where much your way well down should because each just those people how too little state good very make world still "
            + "protein cell gene patients risk disease treatment blood cancer study effect increased expression levels therapy clinical receptor tumor "
            + "insulin mice human signaling response infection virus vaccine dose trial outcome mortality pathway kinase activation inhibition")
            .split(" ");

    @ParentCommand
    BenchCommand parent;

    @Option(names = "--chunks", paramLabel = "N", description = "Chunks in the collection (default: ${DEFAULT-VALUE}).")
    int chunks = 100_000;

    @Option(names = "--sample", paramLabel = "N", description = "Chunks embedded to measure raw and pipeline throughput (default: ${DEFAULT-VALUE}).")
    int sample = 1_000;

    @Option(names = "--queries", paramLabel = "N", description = "Hybrid queries timed (default: ${DEFAULT-VALUE}).")
    int queries = 200;

    @Override
    public void run() {
        CliContext context = parent.root.context();
        AppConfig config = context.config();
        PrintStream out = context.out();
        Progress progress = new ConsoleProgress(context.err());
        QueryAwareEmbeddingModel embeddings = Providers.embeddingModel(config);
        String modelName = Providers.embeddingModelName(config);
        Random random = new Random(7);
        try (Database db = MaestroDatabase.openReady(config, context.err())) {
            RagStore store = RagStore.create(db.dataSource());
            RagCollection collection = store.collection("bench-" + chunks, embeddings, modelName);
            Ingestor ingestor = Ingestor.builder().store(store).collection(collection).embeddingModel(embeddings).modelName(modelName)
                    .maxTokens(200).progress(progress).build();
            long existing = store.documentCount(collection);
            if (existing < chunks) {
                ingestor.ingestDocuments(documents("bench", (int) existing, chunks, random));
            }
            // raw: the model alone on `sample` fresh texts, in the ingestor's batch size
            List<SourceDocument> fresh = documents("sample-" + System.nanoTime(), 0, sample, random);
            List<TextSegment> texts = fresh.stream().map(d -> TextSegment.from(d.sections().getFirst().text())).toList();
            long t0 = System.nanoTime();
            for (int i = 0; i < texts.size(); i += Ingestor.DEFAULT_EMBED_BATCH) {
                embeddings.embedAll(texts.subList(i, Math.min(texts.size(), i + Ingestor.DEFAULT_EMBED_BATCH)));
            }
            double raw = texts.size() / ((System.nanoTime() - t0) / 1e9);
            // pipeline: the same number of new chunks through parse-free ingest (embed + write), then removed
            RagCollection scratch = store.collection("bench-scratch", embeddings, modelName);
            IngestReport report = Ingestor.builder().store(store).collection(scratch).embeddingModel(embeddings).modelName(modelName)
                    .maxTokens(200).build().ingestDocuments(fresh);
            store.drop("bench-scratch");
            double pipeline = report.chunksPerSecond();
            // latency: hybrid, query embedding included
            collection = store.refresh(collection);
            DenseRetriever dense = DenseRetriever.builder().store(store).collection(collection).embeddingModel(embeddings.forQueries())
                    .queryInstruction("").build();
            HybridRetriever hybrid = HybridRetriever.builder().store(store).dense(dense)
                    .keyword(KeywordRetriever.builder().store(store).collection(collection).build()).build();
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < queries + 10; i++) {
                String q = sentence(random, 4 + random.nextInt(8));
                long s = System.nanoTime();
                hybrid.retrieve(q, 10);
                if (i >= 10) { // the first ones warm caches and the JIT
                    latencies.add((System.nanoTime() - s) / 1e6);
                }
            }
            out.printf("Embedding model alone : %8.1f chunks/s (%d chunks)%n", raw, sample);
            out.printf("Ingest pipeline       : %8.1f chunks/s = %.0f %% of raw (goal >= 85 %%)%n", pipeline, 100 * pipeline / raw);
            out.printf("Hybrid query latency  : p50 %.1f ms, p95 %.1f ms at %d chunks, query embedding included (goal p95 <= 30 ms)%n",
                    Metrics.percentile(latencies, 50), Metrics.percentile(latencies, 95), collection.chunkCount());
        }
    }

    private static List<SourceDocument> documents(String prefix, int from, int to, Random random) {
        List<SourceDocument> docs = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            docs.add(SourceDocument.of(prefix + "#" + i, "", sentence(random, WORDS_PER_CHUNK) + ".", Map.of()));
        }
        return docs;
    }

    /** Zipf-like word choice: early vocabulary words are far more frequent, like real text. */
    private static String sentence(Random random, int words) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < words; w++) {
            int idx = (int) Math.min(VOCABULARY.length - 1, Math.floor(Math.pow(random.nextDouble(), 2.5) * VOCABULARY.length));
            sb.append(w == 0 ? "" : " ").append(VOCABULARY[idx]);
        }
        return sb.toString();
    }
}
