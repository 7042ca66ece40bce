package dev.maestro.cli;

import dev.langchain4j.model.scoring.ScoringModel;
import dev.langchain4j.model.scoring.onnx.OnnxScoringModel;
import dev.maestro.core.config.AppConfig;
import dev.maestro.MaestroDatabase;
import dev.maestro.providers.Providers;
import dev.maestro.providers.QueryAwareEmbeddingModel;
import dev.maestro.core.ConfigException;
import dev.maestro.core.db.Database;
import dev.maestro.evals.report.Metric;
import dev.maestro.evals.retrieval.BeirDataset;
import dev.maestro.evals.retrieval.RetrievalEvaluation;
import dev.maestro.evals.retrieval.RetrievalResults;
import dev.maestro.evals.retrieval.StrategyResult;
import dev.maestro.rag.RagStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code maestro eval retrieval}: retrieval strategies on a BEIR-format dataset; writes results.json and reports. */
@Command(name = "retrieval", mixinStandardHelpOptions = true,
        description = {"Evaluate retrieval strategies on a BEIR-format folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv):",
                "nDCG@10, Recall@10/100, MRR@10 and latency per strategy. The corpus is ingested once per corpus and embedding model."})
final class EvalRetrievalCommand implements Runnable {

    @ParentCommand
    EvalCommand parent;

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "BEIR dataset folder, e.g. ../shared/datasets/beir-scifact.")
    Path dataset;

    @Option(names = "--split", paramLabel = "NAME", description = "Split to score (default: ${DEFAULT-VALUE}).")
    String split = "test";

    @Option(names = "--train-split", paramLabel = "NAME", description = "Split learned and adaptive train on (default: ${DEFAULT-VALUE}).")
    String trainSplit = "train";

    @Option(names = "--strategies", split = ",", paramLabel = "LIST",
            description = "Comma-separated: keyword, dense, hybrid, hybrid-weighted, learned, adaptive, cross-encoder (default: keyword,dense,hybrid,learned,adaptive).")
    List<String> strategies = new ArrayList<>(RetrievalEvaluation.DEFAULT_STRATEGIES);

    @Option(names = "--limit", paramLabel = "N", description = "Score only the first N queries of the split.")
    Integer limit;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where results.json, report.md and report.html go.")
    Path out;

    @Option(names = "--cross-encoder", paramLabel = "MODEL.onnx",
            description = "An ONNX cross-encoder (e.g. ms-marco-MiniLM-L-6-v2) for the cross-encoder strategy: it re-scores hybrid's top "
                    + RetrievalEvaluation.CROSS_ENCODER_DEPTH + " per query.")
    Path crossEncoder;

    @Option(names = "--cross-encoder-tokenizer", paramLabel = "tokenizer.json", description = "The cross-encoder's tokenizer.json.")
    Path crossEncoderTokenizer;

    /** LangChain4j's ONNX scoring model over the given files, or null when none was given. */
    private ScoringModel crossEncoder() {
        if (crossEncoder == null && crossEncoderTokenizer == null) {
            return null;
        }
        if (crossEncoder == null || crossEncoderTokenizer == null) {
            throw new ConfigException("--cross-encoder and --cross-encoder-tokenizer go together: give the model's ONNX file and its tokenizer.json");
        }
        for (Path file : List.of(crossEncoder, crossEncoderTokenizer)) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ConfigException("Cannot read " + file.toAbsolutePath() + "; give an existing ONNX cross-encoder and its tokenizer.json");
            }
        }
        try {
            return new OnnxScoringModel(crossEncoder.toString(), crossEncoderTokenizer.toString());
        } catch (RuntimeException e) {
            throw new ConfigException("Cannot load the cross-encoder " + crossEncoder + " with " + crossEncoderTokenizer + ": " + e.getMessage()
                    + "; it must be an ONNX BERT-style cross-encoder with its Hugging Face tokenizer.json");
        }
    }

    @Override
    public void run() {
        ScoringModel scorer = crossEncoder(); // bad model options fail before the database is opened
        RetrievalEvaluation.requireCrossEncoder(strategies, scorer);
        CliContext context = parent.root.context();
        AppConfig config = context.config();
        QueryAwareEmbeddingModel embeddings = Providers.embeddingModel(config);
        try (Database db = MaestroDatabase.openReady(config, context.err())) {
            RetrievalResults results = RetrievalEvaluation.builder()
                    .dataset(BeirDataset.open(dataset))
                    .store(RagStore.create(db.dataSource()))
                    .embeddingModel(embeddings)
                    .queryEmbeddingModel(embeddings.forQueries())
                    .embeddingModelName(Providers.embeddingModelName(config))
                    .split(split).trainSplit(trainSplit).strategies(strategies).limit(limit).crossEncoder(scorer)
                    .progress(new ConsoleProgress(context.err()))
                    .build().run();
            results.writeTo(out);
            print(results, context.out());
        }
    }

    private void print(RetrievalResults r, PrintStream out) {
        out.printf("%s (%s): %d queries, %d documents, %.0f s%n", r.dataset(), r.split(), r.queries(), r.corpusDocs(), r.wallSeconds());
        out.printf("%-16s %8s %9s %10s %7s %8s %8s%n", "strategy", "nDCG@10", "Recall@10", "Recall@100", "MRR@10", "p50 ms", "p95 ms");
        for (StrategyResult s : r.strategies()) {
            // no evaluated queries: every metric is n/a
            out.printf("%-16s %8s %9s %10s %7s %8s %8s%n", s.strategy(), Metric.format("%.4f", s.ndcg10()), Metric.format("%.4f", s.recall10()),
                    Metric.format("%.4f", s.recall100()), Metric.format("%.4f", s.mrr10()), Metric.format("%.1f", s.latencyP50Ms()),
                    Metric.format("%.1f", s.latencyP95Ms()));
        }
        out.println("Wrote " + out().resolve("results.json") + ", report.md and report.html");
    }

    private Path out() {
        return out;
    }
}
