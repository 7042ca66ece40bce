package dev.maestro;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.maestro.core.config.AppConfig;
import dev.maestro.providers.ModelHealth;
import dev.maestro.providers.ModelRef;
import dev.maestro.providers.Providers;
import dev.maestro.providers.QueryAwareEmbeddingModel;
import dev.maestro.core.db.Database;
import dev.maestro.core.db.RunLog;
import dev.maestro.agents.AgentCatalog;
import dev.maestro.graph.MaestroGraph;
import dev.maestro.memory.MemoryWorker;
import dev.maestro.memory.PostgresMemory;
import dev.maestro.memory.Scope;
import dev.maestro.prompts.PromptLibrary;
import dev.maestro.prompts.experiments.PromptExperiments;
import dev.maestro.rag.DenseRetriever;
import dev.maestro.rag.HybridRetriever;
import dev.maestro.rag.KeywordRetriever;
import dev.maestro.rag.PolicyStore;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.rag.Retriever;
import dev.maestro.rag.adaptive.AdaptiveRetriever;
import dev.maestro.rag.adaptive.ThompsonBandit;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.util.List;

/**
 * Everything a chat turn needs, opened once per process: the ready database, the providers and the full graph.
 * {@code ask}, {@code chat} and the server share it.
 */
final class MaestroRuntime implements AutoCloseable {

    /** Memory scope of the CLI: one local user. The server scopes by API key instead. */
    public static final Scope LOCAL_SCOPE = Scope.of("default", "local");

    private final AppConfig config;
    private final Database database;
    private final MaestroGraph graph;
    private final RunLog runs;
    private final MemoryTurns memory;
    private final MemoryWorker worker;
    private final QueryAwareEmbeddingModel embeddings;
    private final String embeddingName;
    private final ModelHealth health;
    private final PromptExperiments prompts;

    private MaestroRuntime(AppConfig config, Database database, MaestroGraph graph, MemoryTurns memory, MemoryWorker worker,
                           QueryAwareEmbeddingModel embeddings, String embeddingName, ModelHealth health, PromptExperiments prompts) {
        this.health = health;
        this.prompts = prompts;
        this.embeddings = embeddings;
        this.embeddingName = embeddingName;
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
        Assembly a = new Assembly(config, err);
        a.background = background;
        return open(a);
    }

    /**
     * What a runtime is made of: the configuration, and parts that replace what it would build (models, the
     * application's own pool, agents). Null parts are built from the configuration.
     */
    static final class Assembly {
        final AppConfig config;
        final PrintStream err;
        boolean background = true;
        StreamingChatModel streaming;
        ChatModel chat;
        QueryAwareEmbeddingModel embeddings;
        String embeddingModelName;
        DataSource dataSource;
        AgentCatalog agents;
        Scope scope = LOCAL_SCOPE;
        /** Whether memory gets the chat model, to write summaries and extract facts. */
        boolean summaries = true;
        /** Whether agents declaring {@code tools: [retrieval]} get the retriever over the default collection. */
        boolean retrieval = true;
        /** Whether checkpoints and conversation locks live in PostgreSQL (else in this process). */
        boolean durable = true;
        /** Whether turns recall and store conversational memory. */
        boolean memory = true;

        Assembly(AppConfig config, PrintStream err) {
            this.config = config;
            this.err = err;
        }
    }

    /** Assembles a runtime from its parts; see {@link Assembly}. */
    static MaestroRuntime open(Assembly a) {
        AppConfig config = a.config;
        Database db = a.dataSource == null ? LocalDatabase.openReady(config, a.err) : readyOn(a.dataSource);
        MemoryWorker worker = null;
        try {
            // the configured model then chat.fallback, behind circuit breakers shared by every chain of this runtime
            ModelHealth health = new ModelHealth(Providers.breakerSettings(config));
            List<ModelRef> configured = List.of(ModelRef.configured(config));
            StreamingChatModel streaming = a.streaming != null ? a.streaming : Providers.streamingChain(config, configured, health);
            // a program that brings only a streaming model gets no second model built from the configuration
            ChatModel chat = a.chat != null ? a.chat : a.streaming != null ? null : Providers.chatChain(config, configured, health);
            QueryAwareEmbeddingModel embeddings = a.embeddings != null ? a.embeddings : Providers.embeddingModel(config);
            String embeddingName = a.embeddingModelName != null ? a.embeddingModelName : Providers.embeddingModelName(config);
            ChatModel memoryModel = a.summaries ? chat : null;
            PostgresMemory.Builder memoryBuilder = PostgresMemory.builder()
                    .dataSource(db.dataSource())
                    // recall embeds the question as a passage, like the router, so a turn embeds it once
                    // (LoCoMo evidence recall@10: 77.8 % this way, 77.9 % with BGE's query instruction)
                    .embeddingModel(embeddings)
                    .summaryPrompt(PromptLibrary.standard().latest("memory.summary").text())
                    .factPrompt(PromptLibrary.standard().latest("memory.facts").text())
                    .extractFacts(config.memoryFacts() && memoryModel != null);
            if (memoryModel != null) {
                memoryBuilder.chatModel(memoryModel);
            }
            PostgresMemory postgresMemory = memoryBuilder.build();
            MemoryTurns memory = new MemoryTurns(postgresMemory, a.scope, config.memoryTokens());
            if (a.background) {
                worker = postgresMemory.worker("maestro-" + ProcessHandle.current().pid());
                worker.start();
            }
            Retriever retriever = a.retrieval ? researchRetriever(db, embeddings, embeddingName) : null;
            AgentCatalog agents = a.agents != null ? a.agents : AgentWiring.catalog(config);
            PromptExperiments prompts = PromptChoices.experiments(config, db.dataSource());
            MaestroGraph graph = AgentWiring.graph(new AgentWiring.Parts(config, streaming, chat, embeddings, embeddingName,
                    a.durable ? db.dataSource() : null, retriever, a.memory ? memory : null, health, prompts), agents);
            return new MaestroRuntime(config, db, graph, memory, worker, embeddings, embeddingName, health, prompts);
        } catch (RuntimeException e) {
            if (worker != null) {
                worker.close();
            }
            db.close();
            throw e;
        }
    }

    /** The application's pool, with pgvector and the migrations applied (it is the application's database). */
    private static Database readyOn(DataSource dataSource) {
        Database db = Database.using(dataSource);
        db.ensureVectorExtension();
        db.migrate();
        return db;
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
    static Retriever researchRetriever(Database db, QueryAwareEmbeddingModel embeddings, String embeddingName) {
        RagStore store = RagStore.create(db.dataSource());
        RagCollection collection = store.collection(DEFAULT_COLLECTION, embeddings, embeddingName);
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


    /** Where /good and /bad go: the default collection's retrieval feedback. */
    public RetrievalFeedback feedback() {
        RagStore store = RagStore.create(database.dataSource());
        return new RetrievalFeedback(store, store.collection(DEFAULT_COLLECTION, embeddings, embeddingName));
    }

    public AppConfig config() {
        return config;
    }

    /** The configured prompt experiments (none when {@code prompts.experiments} declares none). */
    public PromptExperiments promptExperiments() {
        return prompts;
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

    /** The circuit breakers and figures of every chat model this runtime calls. */
    public ModelHealth modelHealth() {
        return health;
    }

    public MemoryTurns memory() {
        return memory;
    }

    /** The embedding model of this runtime (passages; {@code forQueries()} for questions). */
    public QueryAwareEmbeddingModel embeddings() {
        return embeddings;
    }

    /** The name collections record for {@link #embeddings()}, e.g. {@code onnx:bge-small-en-v1.5-q}. */
    public String embeddingModelName() {
        return embeddingName;
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
