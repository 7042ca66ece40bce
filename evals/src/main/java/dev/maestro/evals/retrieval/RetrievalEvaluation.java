package dev.maestro.evals.retrieval;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.scoring.ScoringModel;
import dev.maestro.core.ConfigException;
import dev.maestro.core.Ensure;
import dev.maestro.core.Progress;
import dev.maestro.rag.DenseRetriever;
import dev.maestro.rag.Fusion;
import dev.maestro.rag.Hit;
import dev.maestro.rag.HybridRetriever;
import dev.maestro.rag.KeywordRetriever;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.rag.rerank.RerankingRetriever;
import dev.maestro.rag.rerank.ScoringModelReranker;
import dev.maestro.rag.RetrievalRequest;
import dev.maestro.rag.Retriever;
import dev.maestro.rag.ingest.IngestReport;
import dev.maestro.rag.ingest.Ingestor;
import dev.maestro.rag.ingest.SourceDocument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates retrieval strategies on a BEIR dataset: ingests the corpus once into a collection keyed by corpus
 * hash and embedding model (a second run reuses it), trains {@code learned} and {@code adaptive} on the train
 * split only, then scores every strategy on the evaluation split.
 *
 * <pre>{@code
 * RetrievalResults r = RetrievalEvaluation.builder().dataset(BeirDataset.open(dir)).store(store)
 *         .embeddingModel(model).strategies(List.of("keyword", "dense", "hybrid")).build().run();
 * r.writeTo(outDir);
 * }</pre>
 *
 * @since 0.1
 */
public final class RetrievalEvaluation {

    /** Strategies run when none are named. */
    public static final List<String> DEFAULT_STRATEGIES = List.of("keyword", "dense", "hybrid", "learned", "adaptive");
    /** Every strategy this suite knows. */
    public static final List<String> KNOWN_STRATEGIES = List.of("keyword", "keyword-lucene", "keyword-tsrank", "dense", "hybrid",
            "hybrid-weighted", "learned", "adaptive", "cross-encoder");
    /** How many hybrid candidates a cross-encoder re-scores per query. */
    public static final int CROSS_ENCODER_DEPTH = 50;
    /** Documents retrieved per query (Recall@100 needs 100). */
    public static final int DEPTH = 100;
    /** Leaf chunk size for the corpus (tokens): large enough that an abstract stays one chunk, as BEIR embeds it. */
    public static final int CHUNK_TOKENS = 480;

    private final BeirDataset dataset;
    private final RagStore store;
    private final EmbeddingModel model;
    private final EmbeddingModel queryModel;
    private final String modelName;
    private final String split;
    private final String trainSplit;
    private final List<String> strategies;
    private final Integer limit;
    private final Progress progress;
    private final long seed;
    private final ScoringModel crossEncoder;

    private RetrievalEvaluation(Builder b) {
        this.dataset = Ensure.notNull(b.dataset, "dataset");
        this.store = Ensure.notNull(b.store, "store");
        this.model = Ensure.notNull(b.embeddingModel, "embeddingModel");
        this.queryModel = b.queryEmbeddingModel;
        this.modelName = b.embeddingModelName == null ? RagStore.modelName(model) : b.embeddingModelName;
        this.split = b.split == null ? "test" : b.split;
        this.trainSplit = b.trainSplit == null ? "train" : b.trainSplit;
        this.strategies = b.strategies == null ? DEFAULT_STRATEGIES : List.copyOf(b.strategies);
        for (String s : strategies) {
            if (!KNOWN_STRATEGIES.contains(s)) {
                throw new ConfigException("Unknown retrieval strategy '" + s + "'; known: " + String.join(", ", KNOWN_STRATEGIES));
            }
        }
        this.limit = b.limit;
        this.progress = b.progress == null ? Progress.NONE : b.progress;
        this.seed = b.seed == null ? 42L : b.seed;
        this.crossEncoder = b.crossEncoder;
        requireCrossEncoder(strategies, crossEncoder);
    }

    /** Fails when {@code strategies} name {@code cross-encoder} and no model was given. */
    public static void requireCrossEncoder(List<String> strategies, ScoringModel crossEncoder) {
        if (strategies.contains("cross-encoder") && crossEncoder == null) {
            throw new ConfigException("The cross-encoder strategy needs a cross-encoder model: give its ONNX file and tokenizer"
                    + " (maestro eval retrieval --cross-encoder MODEL.onnx --cross-encoder-tokenizer tokenizer.json)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The collection name for a corpus and model: {@code beir-<dataset>-<corpus sha-256, 12 hex>-<model>}. */
    public static String collectionName(BeirDataset dataset, String modelName) {
        String m = modelName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String name = dataset.name().startsWith("beir") ? dataset.name() : "beir-" + dataset.name();
        return name + "-" + dataset.corpusHash().substring(0, 12) + "-" + m;
    }

    public RetrievalResults run() {
        long start = System.nanoTime();
        List<BeirDataset.Doc> corpus = dataset.corpus();
        RagCollection collection = ingest(corpus);
        Map<String, String> queries = dataset.queries();
        Map<String, Map<String, Integer>> qrels = dataset.qrels(split);
        List<String> evalIds = new ArrayList<>(qrels.keySet());
        if (limit != null && limit < evalIds.size()) {
            evalIds = evalIds.subList(0, limit);
        }
        Strategies built = new Strategies(store, collection, model, queryModel);
        Map<String, Retriever> retrievers = new LinkedHashMap<>();
        for (String s : strategies) {
            retrievers.put(s, switch (s) {
                case "keyword" -> built.keyword;
                case "keyword-tsrank" -> new TsRankBaseline(store, collection);
                case "keyword-lucene" -> built.keywordLucene;
                case "dense" -> built.dense;
                case "hybrid" -> built.hybrid;
                case "hybrid-weighted" -> built.weighted;
                case "learned" -> built.learned(trainQueries(queries), progress);
                case "adaptive" -> built.adaptive(trainQueries(queries), progress, seed);
                case "cross-encoder" -> RerankingRetriever.builder().hybrid(built.hybrid).reranker(new ScoringModelReranker(crossEncoder))
                        .rerankDepth(CROSS_ENCODER_DEPTH).name("cross-encoder").build();
                default -> throw new IllegalStateException(s);
            });
        }
        List<StrategyResult> results = new ArrayList<>();
        for (Map.Entry<String, Retriever> e : retrievers.entrySet()) {
            results.add(evaluate(e.getKey(), e.getValue(), evalIds, queries, qrels));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RetrievalResults(dataset.name(), split, evalIds.size(), corpus.size(), collection.name(),
                modelName, results, seconds);
    }

    /** Train queries with their qrels; never the evaluation split. */
    private List<TrainQuery> trainQueries(Map<String, String> queries) {
        Map<String, Map<String, Integer>> train = dataset.qrels(trainSplit);
        if (trainSplit.equals(split)) {
            throw new ConfigException("The train split must differ from the evaluation split, both are '" + split + "'");
        }
        List<TrainQuery> out = new ArrayList<>();
        train.forEach((id, rel) -> {
            String text = queries.get(id);
            if (text != null && !text.isBlank()) {
                out.add(new TrainQuery(id, text, rel));
            }
        });
        return out;
    }

    private RagCollection ingest(List<BeirDataset.Doc> corpus) {
        RagCollection collection = store.collection(collectionName(dataset, modelName), model, modelName);
        if (store.documentCount(collection) == corpus.size()) {
            return collection; // ingested by an earlier run
        }
        List<SourceDocument> docs = corpus.stream()
                .map(d -> SourceDocument.of("corpus.jsonl#" + d.id(), d.title(), d.text(), Map.of("id", d.id())))
                .toList();
        IngestReport report = Ingestor.builder().store(store).collection(collection).embeddingModel(model).modelName(modelName)
                .maxTokens(CHUNK_TOKENS).overlapTokens(48).progress(progress).build()
                .ingestDocuments(docs);
        if (!report.skipped().isEmpty()) {
            progress.start("Skipped " + report.skipped().size() + " empty documents", 0, "docs").close();
        }
        return store.refresh(collection);
    }

    private StrategyResult evaluate(String name, Retriever retriever, List<String> ids, Map<String, String> queries,
                                    Map<String, Map<String, Integer>> qrels) {
        List<QueryRun> runs = new ArrayList<>();
        try (Progress.Task task = progress.start("Evaluating " + name, ids.size(), "queries")) {
            for (String id : ids) {
                String text = queries.get(id);
                if (text == null || text.isBlank()) {
                    throw new ConfigException("Query " + id + " of the qrels is missing from queries.jsonl");
                }
                long t0 = System.nanoTime();
                List<Hit> hits = retriever.retrieve(RetrievalRequest.of(text, DEPTH + DEPTH / 2));
                double ms = (System.nanoTime() - t0) / 1e6;
                runs.add(new QueryRun(id, docIds(hits), ms));
                task.step(1);
            }
        }
        return StrategyResult.of(name, runs, qrels);
    }

    /** Chunk hits to document ids, best first, each document once, at most {@value #DEPTH}. */
    static List<String> docIds(List<Hit> hits) {
        Set<String> ids = new LinkedHashSet<>();
        for (Hit h : hits) {
            Object id = h.metadata().get("id");
            if (id != null) {
                ids.add(id.toString());
            }
            if (ids.size() == DEPTH) {
                break;
            }
        }
        return List.copyOf(ids);
    }

    public static final class Builder {
        private BeirDataset dataset;
        private RagStore store;
        private EmbeddingModel embeddingModel;
        private EmbeddingModel queryEmbeddingModel;
        private String embeddingModelName;
        private String split;
        private String trainSplit;
        private List<String> strategies;
        private Integer limit;
        private Progress progress;
        private Long seed;
        private ScoringModel crossEncoder;

        private Builder() {
        }

        public Builder dataset(BeirDataset dataset) {
            this.dataset = dataset;
            return this;
        }

        public Builder store(RagStore store) {
            this.store = store;
            return this;
        }

        public Builder embeddingModel(EmbeddingModel embeddingModel) {
            this.embeddingModel = embeddingModel;
            return this;
        }

        /**
         * A separate view of the model for queries (one that adds the query instruction itself); when absent,
         * queries go to {@link #embeddingModel} with {@link dev.maestro.rag.QueryInstructions#forModel}.
         */
        public Builder queryEmbeddingModel(EmbeddingModel queryEmbeddingModel) {
            this.queryEmbeddingModel = queryEmbeddingModel;
            return this;
        }

        /** The name the collection records; defaults to {@link RagStore#modelName}. */
        public Builder embeddingModelName(String embeddingModelName) {
            this.embeddingModelName = embeddingModelName;
            return this;
        }

        /** The split scored; defaults to {@code test}. */
        public Builder split(String split) {
            this.split = split;
            return this;
        }

        /** The split {@code learned} and {@code adaptive} train on; defaults to {@code train}. */
        public Builder trainSplit(String trainSplit) {
            this.trainSplit = trainSplit;
            return this;
        }

        /** Defaults to {@link #DEFAULT_STRATEGIES}. */
        public Builder strategies(List<String> strategies) {
            this.strategies = strategies;
            return this;
        }

        /** Score only the first n queries of the split; defaults to all. */
        public Builder limit(Integer limit) {
            this.limit = limit;
            return this;
        }

        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /** The model of the {@code cross-encoder} strategy, e.g. LangChain4j's {@code OnnxScoringModel}. */
        public Builder crossEncoder(ScoringModel crossEncoder) {
            this.crossEncoder = crossEncoder;
            return this;
        }

        /** Seed of the bandit's sampling during training; defaults to 42. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public RetrievalEvaluation build() {
            return new RetrievalEvaluation(this);
        }
    }
}
