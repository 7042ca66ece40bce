package dev.maestro.app;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.maestro.app.config.AppConfig;
import dev.maestro.app.db.LocalDatabase;
import dev.maestro.app.provider.Providers;
import dev.maestro.app.provider.QueryAwareEmbeddingModel;
import dev.maestro.core.db.Database;
import dev.maestro.core.db.RunLog;
import dev.maestro.graph.MaestroGraph;
import dev.maestro.memory.MemoryWorker;
import dev.maestro.memory.PostgresMemory;
import dev.maestro.memory.Scope;
import dev.maestro.prompts.PromptLibrary;
import dev.maestro.rag.DenseRetriever;
import dev.maestro.rag.HybridRetriever;
import dev.maestro.rag.KeywordRetriever;
import dev.maestro.rag.PolicyStore;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.rag.Retriever;
import dev.maestro.rag.adaptive.AdaptiveRetriever;
import dev.maestro.rag.adaptive.ThompsonBandit;

import java.io.PrintStream;
import java.util.List;

/**
 * Everything a chat turn needs, opened once per process: the ready database, the providers and the full graph.
 * {@code ask}, {@code chat} and the server share it.
 */
public final class MaestroRuntime implements AutoCloseable {

    /** Memory scope of the CLI: one local user. The server scopes by API key instead. */
    public static final Scope LOCAL_SCOPE = Scope.of("default", "local");

    private final AppConfig config;
    private final Database database;
    private final MaestroGraph graph;
    private final RunLog runs;
    private final MemoryTurns memory;
    private final MemoryWorker worker;

    private MaestroRuntime(AppConfig config, Database database, MaestroGraph graph, MemoryTurns memory, MemoryWorker worker) {
        this.config = config;
        this.database = database;
        this.graph = graph;
        this.runs = new RunLog(database.dataSource());
        this.memory = memory;
        this.worker = worker;
    }

    /**
     * Opens the database first (so an unreachable one fails fast, before any model loads), then wires the graph.
     *
     * @throws dev.maestro.core.DatabaseException when the database is unreachable or not ready
     */
    public static MaestroRuntime open(AppConfig config, PrintStream err) {
        return open(config, err, true);
    }

    /**
     * @param background whether to run the memory worker (summaries, episode embeddings, facts) in this process; a
     *                   one-shot command leaves the durable queue to the next long-running one instead
     */
    public static MaestroRuntime open(AppConfig config, PrintStream err, boolean background) {
        Database db = LocalDatabase.openReady(config, err);
        MemoryWorker worker = null;
        try {
            StreamingChatModel streaming = Providers.streamingChatModel(config);
            ChatModel chat = Providers.chatModel(config);
            QueryAwareEmbeddingModel embeddings = Providers.embeddingModel(config);
            PostgresMemory postgresMemory = PostgresMemory.builder()
                    .dataSource(db.dataSource())
                    // recall embeds the question as a passage, like the router, so a turn embeds it once
                    // (LoCoMo evidence recall@10: 77.8 % this way, 77.9 % with BGE's query instruction)
                    .embeddingModel(embeddings)
                    .chatModel(chat)
                    .summaryPrompt(PromptLibrary.standard().latest("memory.summary").text())
                    .factPrompt(PromptLibrary.standard().latest("memory.facts").text())
                    .extractFacts(config.memoryFacts())
                    .build();
            MemoryTurns memory = new MemoryTurns(postgresMemory, LOCAL_SCOPE, config.memoryTokens());
            if (background) {
                worker = postgresMemory.worker("maestro-" + ProcessHandle.current().pid());
                worker.start();
            }
            Retriever retriever = researchRetriever(config, db, embeddings);
            MaestroGraph graph = AgentWiring.graph(new AgentWiring.Parts(config, streaming, chat, embeddings,
                    db.dataSource(), retriever, memory));
            return new MaestroRuntime(config, db, graph, memory, worker);
        } catch (RuntimeException e) {
            if (worker != null) {
                worker.close();
            }
            db.close();
            throw e;
        }
    }

    /** The collection {@code maestro ingest} fills by default, and the one the researcher reads. */
    public static final String DEFAULT_COLLECTION = "default";
    /** How many sources the researcher is given. */
    public static final int RESEARCH_SOURCES = 5;

    /** What the researcher retrieves with until an adaptive policy for the default collection is active. */
    public static final String FALLBACK_STRATEGY = "hybrid";
    /** The strategies the adaptive retriever chooses between in chat and serve. */
    public static final List<String> ADAPTIVE_ARMS = List.of("dense", "keyword", FALLBACK_STRATEGY);

    /**
     * The researcher's retriever over the default collection (created empty when nothing was ingested yet): adaptive
     * once feedback (/good, /bad) has trained and replay-checked a policy for the collection, hybrid (dense + BM25,
     * fused by RRF) until then.
     */
    static Retriever researchRetriever(AppConfig config, Database db, QueryAwareEmbeddingModel embeddings) {
        RagStore store = RagStore.create(db.dataSource());
        RagCollection collection = defaultCollection(config, store, embeddings);
        // the query view already carries the model's query instruction
        DenseRetriever dense = DenseRetriever.builder().store(store).collection(collection).embeddingModel(embeddings.forQueries())
                .queryInstruction("").build();
        KeywordRetriever keyword = KeywordRetriever.builder().store(store).collection(collection).build();
        HybridRetriever hybrid = HybridRetriever.builder().store(store).dense(dense).keyword(keyword).build();
        return new PolicyStore(store).active(collection, PolicyStore.Kind.BANDIT)
                .map(p -> ThompsonBandit.fromJson(p.state()))
                .filter(policy -> ADAPTIVE_ARMS.containsAll(policy.arms()))
                .<Retriever>map(policy -> AdaptiveRetriever.builder().store(store).collection(collection)
                        .arm(dense).arm(keyword).arm(hybrid).policy(policy).build())
                .orElse(hybrid);
    }

    private static RagCollection defaultCollection(AppConfig config, RagStore store, QueryAwareEmbeddingModel embeddings) {
        return store.collection(DEFAULT_COLLECTION, embeddings, embeddingModelName(config));
    }

    /** Where /good and /bad go: the default collection's retrieval feedback. */
    public RetrievalFeedback feedback() {
        RagStore store = RagStore.create(database.dataSource());
        return new RetrievalFeedback(store, defaultCollection(config, store, Providers.embeddingModel(config)));
    }

    /** What a collection records as its model, e.g. {@code onnx:bge-small-en-v1.5-q}. */
    public static String embeddingModelName(AppConfig config) {
        return config.embeddingProvider().name().toLowerCase(java.util.Locale.ROOT) + ":" + config.embeddingModel();
    }

    public AppConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    public MaestroGraph graph() {
        return graph;
    }

    public RunLog runs() {
        return runs;
    }

    public MemoryTurns memory() {
        return memory;
    }

    @Override
    public void close() {
        try {
            graph.close();
            if (worker != null) {
                worker.close();
            }
        } finally {
            database.close();
        }
    }
}
