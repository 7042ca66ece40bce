package dev.maestro;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.agents.AgentCatalog;
import dev.maestro.agents.AgentSpec;
import dev.maestro.core.Ensure;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.ConfigLoader;
import dev.maestro.core.db.Database;
import dev.maestro.core.db.RunLog;
import dev.maestro.graph.Approval;
import dev.maestro.graph.RunListener;
import dev.maestro.graph.RunResult;
import dev.maestro.memory.Scope;
import dev.maestro.providers.QueryAwareEmbeddingModel;
import dev.maestro.rag.RagCollection;
import dev.maestro.rag.RagStore;
import dev.maestro.rag.ingest.IngestReport;
import dev.maestro.rag.ingest.Ingestor;

import javax.sql.DataSource;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Maestro embedded in a Java program: the routing graph, its agents, three-tier memory and adaptive retrieval over
 * PostgreSQL + pgvector, behind one object. Build it once, share it between threads, close it at the end.
 *
 * <pre>{@code
 * try (Maestro maestro = Maestro.builder()
 *         .streamingChatModel(OllamaStreamingChatModel.builder().baseUrl("http://localhost:11434").modelName("llama3.2").build())
 *         .jdbcUrl("jdbc:postgresql://127.0.0.1:5432/maestro")
 *         .build()) {
 *     ChatRun run = maestro.chat(ChatRequest.of("What is a vector database?"));
 *     run.events().forEach(event -> { if (event.type() == RunEvent.Type.TOKEN) System.out.print(event.text("text")); });
 *     RunResult result = run.await();
 * }
 * }</pre>
 *
 * Whatever is not given is built from Maestro's configuration (the keys of {@code maestro.yaml}, set with
 * {@link Builder#set}): chat and embedding models from {@code provider}, {@code chat.model} and
 * {@code embedding.*}; the database from {@code db.url}; agents from {@code agents.file} or the built-in ones.
 * A given {@link DataSource} is the application's: Maestro creates the pgvector extension and applies its migrations
 * on it, and never closes it.
 *
 * @since 0.1
 */
public final class Maestro implements AutoCloseable {

    /** The retrieval strategies the researcher's adaptive retriever chooses between, once feedback trained a policy. */
    public static final List<String> ADAPTIVE_STRATEGIES = MaestroRuntime.ADAPTIVE_ARMS;

    private final MaestroRuntime runtime;
    private final MaestroMemory memory;
    private final List<Consumer<? super ChatRun>> observers;
    private final dev.maestro.core.db.UsageLog usage;
    private final dev.maestro.core.usage.PriceTable prices;
    private final dev.maestro.core.usage.Budgets budgets;

    private Maestro(MaestroRuntime runtime, List<Consumer<? super ChatRun>> observers, java.time.Clock clock) {
        this.usage = new dev.maestro.core.db.UsageLog(runtime.database().dataSource(), clock);
        this.prices = runtime.config().prices();
        this.budgets = runtime.config().budgets(clock);
        this.runtime = runtime;
        this.memory = new MaestroMemory(runtime.memory());
        this.observers = List.copyOf(observers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a turn: routing, the chosen agents (in parallel when the request has several intents), memory, and a
     * checkpoint per step. Returns at once; the handle streams the run's events and completes with its result.
     */
    public ChatRun chat(ChatRequest request) {
        Ensure.notNull(request, "request");
        java.util.function.UnaryOperator<RunListener> meter = meter(request.conversationId(), request.runId());
        return observed(ChatRun.start(request.conversationId(), request.listener(),
                listener -> runtime.graph().run(request.conversationId(), request.message(), meter.apply(listener))));
    }

    /**
     * Runs a turn on the calling thread, handing its events to the request's listener as they happen, and returns its
     * result; interrupting the thread stops the turn. What servers with their own thread per request want.
     *
     * @throws dev.maestro.core.MaestroException when the turn fails (the message says what to do)
     */
    public RunResult run(ChatRequest request) {
        Ensure.notNull(request, "request");
        RunListener metered = metered(request.conversationId(), request.runId(), request.listener());
        return inline(request.conversationId(), () -> runtime.graph().run(request.conversationId(), request.message(), metered));
    }

    /** One turn in a new conversation, waiting for its result. */
    public RunResult ask(String message) {
        return run(ChatRequest.of(message));
    }

    /**
     * Continues, on the calling thread, a conversation that stopped for approval (a supervised agent) with the
     * person's decision.
     */
    public RunResult resume(String conversationId, Approval approval, RunListener listener) {
        return resume(conversationId, approval, listener, null);
    }

    /** {@link #resume(String, Approval, RunListener)}, storing the turn's model calls under the caller's {@code runId}. */
    public RunResult resume(String conversationId, Approval approval, RunListener listener, java.util.UUID runId) {
        Ensure.notBlank(conversationId, "conversationId");
        Ensure.notNull(approval, "approval");
        RunListener l = metered(conversationId, runId, listener == null ? RunListener.NONE : listener);
        return inline(conversationId, () -> runtime.graph().resume(conversationId, approval, l));
    }

    /**
     * The listener that prices and stores the turn's model calls, after checking the tenant's daily budget.
     *
     * @throws dev.maestro.core.usage.BudgetExceededException when the conversation's tenant used up a daily limit
     */
    private RunListener metered(String conversationId, java.util.UUID runId, RunListener listener) {
        return meter(conversationId, runId).apply(listener == null ? RunListener.NONE : listener);
    }

    /** Checks the budget now; the operator puts the meter in front of a listener (the one every event passes). */
    private java.util.function.UnaryOperator<RunListener> meter(String conversationId, java.util.UUID runId) {
        java.util.UUID id = MemoryTurns.conversationUuid(conversationId);
        String tenant = runtime.memory().scopeOf(id).tenantId();
        if (budgets.any()) {
            budgets.check(tenant, usage.usedSince(tenant, budgets.dayStart()));
        }
        return next -> new UsageMeter(tenant, id, runId, prices, usage, next);
    }

    /**
     * Checks the conversation's tenant against its daily budgets before a turn (every turn checks again itself): lets
     * a server refuse with 429 before it opens a stream.
     *
     * @throws dev.maestro.core.usage.BudgetExceededException when a daily limit is used up
     */
    public void checkBudget(String conversationId) {
        if (budgets.any()) {
            String tenant = runtime.memory().scopeOf(MemoryTurns.conversationUuid(conversationId)).tenantId();
            budgets.check(tenant, usage.usedSince(tenant, budgets.dayStart()));
        }
    }

    /**
     * Checks {@code tenant}'s daily budgets, for model calls outside a conversation (client-side tools).
     *
     * @throws dev.maestro.core.usage.BudgetExceededException when a daily limit is used up
     */
    public void checkTenantBudget(String tenant) {
        if (budgets.any()) {
            budgets.check(tenant, usage.usedSince(tenant, budgets.dayStart()));
        }
    }

    /**
     * Prices and stores one model call made outside a turn (client-side tools), as turns store theirs.
     *
     * @return its cost in USD, or empty when the model has no price
     */
    public Optional<java.math.BigDecimal> recordModelCall(String tenant, String agent, String model, int inputTokens, int outputTokens) {
        Optional<java.math.BigDecimal> cost = prices.cost(model, inputTokens, outputTokens);
        usage.record(List.of(new dev.maestro.core.db.UsageLog.Call(tenant, null, null, agent, model, inputTokens, outputTokens, cost.orElse(null))));
        return cost;
    }

    /** What a tenant used today (UTC), for reports and checks. */
    public dev.maestro.core.usage.Budgets.Used usedToday(String tenant) {
        return usage.usedSince(tenant, budgets.dayStart());
    }

    /** The {@code model_usage} table: every model call's tokens and cost. */
    public dev.maestro.core.db.UsageLog usage() {
        return usage;
    }

    /** A run on the calling thread, shown to the observers as a handle that completes with it. */
    private RunResult inline(String conversationId, java.util.function.Supplier<RunResult> body) {
        if (observers.isEmpty()) {
            return body.get();
        }
        ChatRun handle = observed(ChatRun.onCallingThread(conversationId));
        try {
            RunResult result = body.get();
            handle.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            handle.fail(e);
            throw e;
        }
    }

    private ChatRun observed(ChatRun run) {
        observers.forEach(observer -> observer.accept(run));
        return run;
    }

    /** The supervised agent a conversation waits on, if it stopped for approval. */
    public Optional<String> pendingApproval(String conversationId) {
        return runtime.graph().pendingApproval(conversationId);
    }

    /**
     * One model call for a caller that runs its own tools, as an OpenAI SDK agent loop does: routes the last user
     * message of {@code conversation} as a turn would, then streams the chosen agent's model over its system prompt,
     * the conversation as given (assistant tool calls and tool results included) and the caller's {@code tools}
     * ({@code toolChoice} null for the provider's default, which is auto).
     * Maestro executes none of them, and stores nothing: the caller holds the loop's state, as with OpenAI's API.
     *
     * @return the agent that answers
     * @throws IllegalArgumentException when the conversation has no user message to route
     */
    public String chatWithClientTools(List<dev.langchain4j.data.message.ChatMessage> conversation,
                                      List<dev.langchain4j.agent.tool.ToolSpecification> tools,
                                      dev.langchain4j.model.chat.request.ToolChoice toolChoice,
                                      dev.langchain4j.model.chat.response.StreamingChatResponseHandler handler) {
        String question = null;
        for (dev.langchain4j.data.message.ChatMessage m : conversation) {
            if (m instanceof dev.langchain4j.data.message.UserMessage u && u.hasSingleText()) {
                question = u.singleText();
            }
        }
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("The conversation needs a user message with text to route.");
        }
        dev.maestro.agents.Agent agent = runtime.graph().routeToAgent(question);
        dev.maestro.agents.LlmAgent llm = agent.llm().orElseThrow(() -> new dev.maestro.core.MaestroException(
                "Agent " + agent.name() + " is not an LLM agent, so it cannot take client-side tools", null));
        llm.chatWithClientTools(conversation, tools, toolChoice, handler);
        return agent.name();
    }

    /** The tool call the conversation's paused turn waits on, if any: what to show whoever approves it. */
    public Optional<dev.maestro.graph.PendingToolCall> pendingToolCall(String conversationId) {
        return runtime.graph().pendingToolCall(conversationId);
    }

    /** Ingests files and folders into a retrieval collection with this instance's embedding model. */
    public IngestReport ingest(IngestRequest request) {
        Ensure.notNull(request, "request");
        RagStore store = RagStore.create(runtime.database().dataSource());
        RagCollection target = store.collection(request.collection(), runtime.embeddings(), runtime.embeddingModelName());
        return Ingestor.builder().store(store).collection(target).embeddingModel(runtime.embeddings())
                .modelName(runtime.embeddingModelName()).include(request.include()).exclude(request.exclude())
                .progress(request.progress()).build()
                .ingest(request.paths(), request.prune());
    }

    /** Conversation history, recall and memory administration. */
    public MaestroMemory memory() {
        return memory;
    }

    /**
     * Records a person's thumbs up or down on an answer as retrieval feedback for the default collection (it trains
     * the adaptive retriever) and as a vote for the prompt experiment arms that gave it; returns a one-line account
     * of what was learnt.
     */
    public String feedback(String question, RunResult answer, boolean up) {
        String retrieval = runtime.feedback().record(question, answer, up);
        // the same answer rated again replaces its vote: the key is the answer itself
        String key = "chat:" + java.util.UUID.nameUUIDFromBytes((question + "\n" + answer.answer()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> counted = answer.prompts().stream().filter(ref -> runtime.promptExperiments().recordVote(ref, key, up)).toList();
        return counted.isEmpty() ? retrieval : retrieval + " Counted for the prompt experiment arm " + String.join(", ", counted) + ".";
    }

    /** The prompt experiments of {@code prompts.experiments}: arms, traffic, posteriors and winners. */
    public dev.maestro.prompts.experiments.PromptExperiments promptExperiments() {
        return runtime.promptExperiments();
    }

    /**
     * A person's verdict on a cached answer (the {@code entry} and {@code similarity} of the run's {@code cache}
     * event): evidence for that entry's reuse threshold, like an exploration's.
     */
    public void cacheFeedback(long entry, double similarity, boolean correct) {
        new dev.maestro.cache.PostgresCacheStore(runtime.database().dataSource())
                .observe(entry, new dev.maestro.cache.Observation(similarity, correct), "feedback");
    }

    /** The answer cache's entries, reuses and evidence, of one tenant or (null) of all. */
    public dev.maestro.cache.CacheStore.Stats cacheStats(String tenant) {
        return new dev.maestro.cache.PostgresCacheStore(runtime.database().dataSource()).stats(tenant);
    }

    /** Deletes the answer cache's entries of one tenant or (null) of all; returns how many. */
    public int clearCache(String tenant) {
        return new dev.maestro.cache.PostgresCacheStore(runtime.database().dataSource()).clear(tenant);
    }

    /** The log of runs (one row per answered or failed turn), for programs that record their own. */
    public RunLog runs() {
        return runtime.runs();
    }

    /** The database Maestro keeps its state in (for status, and for tables of the embedding program). */
    public Database database() {
        return runtime.database();
    }

    /** The orchestration graph with its agents, as a Mermaid flowchart. */
    public String graphDiagram() {
        return runtime.graph().mermaid();
    }

    /** The graph the configuration describes, as a Mermaid flowchart, without building models or opening the database. */
    public static String graphDiagram(AppConfig config) {
        return AgentWiring.mermaid(Ensure.notNull(config, "config"));
    }

    /**
     * The tools the configured agents may call ({@code agent} alone when not null), without opening the database.
     * MCP servers the agents name are started to list their tools, and stopped before this returns.
     *
     * @throws dev.maestro.core.ConfigException for an unknown agent, or a tool that matches nothing or lacks its setting
     */
    public static List<ToolInfo> tools(AppConfig config, String agent) {
        AgentCatalog catalog = AgentWiring.catalog(Ensure.notNull(config, "config"));
        List<AgentSpec> specs = agent == null ? catalog.all()
                : List.of(catalog.all().stream().filter(s -> s.name().equals(agent)).findFirst()
                .orElseThrow(() -> new dev.maestro.core.ConfigException("No agent is named '" + agent + "'; agents: "
                        + catalog.all().stream().map(AgentSpec::name).toList())));
        List<ToolInfo> out = new ArrayList<>();
        try (AgentTools tools = AgentTools.forListing(config)) {
            for (AgentSpec spec : specs) {
                out.addAll(tools.list(spec));
            }
        }
        return out;
    }

    /**
     * Every chat model this instance calls (its own, the agents', their fallbacks) with its circuit breaker's state,
     * calls, failures, fallbacks, last error and latency: what {@code /health/ready} and {@code /metrics} show.
     */
    public List<ModelStatus> modelHealth() {
        return runtime.modelHealth().snapshot().stream().map(s -> new ModelStatus(s.model(), s.endpoint(),
                s.state().toLowerCase(java.util.Locale.ROOT), s.calls(), s.failures(), s.fallbacks(), s.skipped(), s.lastError(),
                s.lastErrorAt(), s.lastLatencyMillis())).toList();
    }

    /**
     * The chat-model chains the configuration describes, in the order calls try them: {@code default} (the configured
     * model, then {@code chat.fallback}; the router's classifier and memory use it too) and each agent that names a
     * model, a large model or fallbacks of its own. Nothing is called.
     */
    public static Map<String, List<String>> modelChains(AppConfig config) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        chains(config).forEach((who, refs) -> out.put(who, refs.stream().map(Object::toString).toList()));
        return out;
    }

    /**
     * Asks the endpoint of each model of every chain whether it serves the model (Ollama {@code /api/tags}, OpenAI
     * {@code /models}), once per model, without opening the database.
     */
    public static Map<String, ModelCheck> checkModels(AppConfig config, java.time.Duration timeout) {
        Map<String, ModelCheck> out = new LinkedHashMap<>();
        chains(config).values().forEach(refs -> refs.forEach(ref -> out.computeIfAbsent(ref.toString(), k -> {
            dev.maestro.providers.ModelProbe.Result r = dev.maestro.providers.ModelProbe.probe(config, ref, timeout);
            return new ModelCheck(k, r.endpoint(), r.reachable(), r.listed(), r.latencyMillis(), r.detail());
        })));
        return out;
    }

    private static Map<String, List<dev.maestro.providers.ModelRef>> chains(AppConfig config) {
        Ensure.notNull(config, "config");
        Map<String, List<dev.maestro.providers.ModelRef>> chains = new LinkedHashMap<>();
        chains.put("default", dev.maestro.providers.Providers.withFallbacks(config, List.of(dev.maestro.providers.ModelRef.configured(config))));
        for (AgentSpec spec : AgentWiring.catalog(config).all()) {
            List<dev.maestro.providers.ModelRef> fallback = spec.fallback().stream()
                    .map(f -> dev.maestro.providers.ModelRef.parse(f, config, "agent " + spec.name() + "'s fallback")).toList();
            if (!spec.model().isEmpty() || !fallback.isEmpty()) {
                List<dev.maestro.providers.ModelRef> own = new ArrayList<>();
                own.add(spec.model().isEmpty() ? dev.maestro.providers.ModelRef.configured(config)
                        : dev.maestro.providers.ModelRef.parse(spec.model(), config, "agent " + spec.name() + "'s model"));
                own.addAll(fallback);
                chains.put(spec.name(), dev.maestro.providers.Providers.withFallbacks(config, own));
            }
            if (!spec.largeModel().isEmpty()) {
                List<dev.maestro.providers.ModelRef> large = new ArrayList<>();
                large.add(dev.maestro.providers.ModelRef.parse(spec.largeModel(), config, "agent " + spec.name() + "'s large-model"));
                large.addAll(fallback);
                chains.put(spec.name() + " (large)", dev.maestro.providers.Providers.withFallbacks(config, large));
            }
        }
        return chains;
    }

    /** The effective configuration (secrets masked when printed). */
    public AppConfig config() {
        return runtime.config();
    }

    /** Stops the memory worker, closes the graph and the pool Maestro opened (never a {@link DataSource} it was given). */
    @Override
    public void close() {
        runtime.close();
    }

    /**
     * Builds a {@link Maestro}. Every part is optional: with none, it runs the built-in agents on a local Ollama
     * ({@code llama3.2}) with in-process ONNX embeddings and the local PostgreSQL database {@code maestro}.
     */
    public static final class Builder {

        private AppConfig config;
        private Path configFile;
        private Map<String, String> environment = Map.of();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private StreamingChatModel streamingChatModel;
        private ChatModel chatModel;
        private EmbeddingModel embeddingModel;
        private String embeddingModelName;
        private DataSource dataSource;
        private AgentCatalog agents;
        private final List<AgentSpec> agentSpecs = new ArrayList<>();
        private Scope memoryScope = MaestroRuntime.LOCAL_SCOPE;
        private boolean backgroundMemory = true;
        private boolean memorySummaries = true;
        private boolean retrieval = true;
        private boolean durable = true;
        private boolean memory = true;
        private PrintStream setupLog = System.err;
        private final List<Consumer<? super ChatRun>> observers = new ArrayList<>();
        private java.time.Clock clock = java.time.Clock.systemUTC();

        /** The clock daily budgets count days by (UTC); tests move it to the next day. */
        public Builder clock(java.time.Clock clock) {
            this.clock = Ensure.notNull(clock, "clock");
            return this;
        }

        private Builder() {
        }

        /** A complete configuration; settings given with {@link #set} are then not allowed. */
        public Builder config(AppConfig config) {
            this.config = Ensure.notNull(config, "config");
            return this;
        }

        /** A {@code maestro.yaml} to read settings from (lower precedence than {@link #set}). */
        public Builder configFile(Path file) {
            this.configFile = Ensure.notNull(file, "file");
            return this;
        }

        /** Environment variables to read settings from ({@code MAESTRO_*}, {@code OPENAI_API_KEY}); none by default. */
        public Builder environment(Map<String, String> env) {
            this.environment = Map.copyOf(Ensure.notNull(env, "env"));
            return this;
        }

        /**
         * One configuration key of {@code maestro.yaml}, e.g. {@code set("chat.model", "qwen2.5")}; unknown keys fail
         * {@link #build()} with the list of known ones.
         */
        public Builder set(String key, String value) {
            settings.put(Ensure.notBlank(key, "key"), Ensure.notNull(value, "value"));
            return this;
        }

        /** The model every agent streams its answer from (unless its YAML names its own). */
        public Builder streamingChatModel(StreamingChatModel model) {
            this.streamingChatModel = Ensure.notNull(model, "model");
            return this;
        }

        /**
         * The model for the router's LLM classifier, memory summaries and facts. When only a streaming model is given,
         * routing uses embeddings alone and memory keeps no summaries or facts.
         */
        public Builder chatModel(ChatModel model) {
            this.chatModel = Ensure.notNull(model, "model");
            return this;
        }

        /** The embedding model for routing, memory and retrieval; collections remember {@code name} to refuse mixing models. */
        public Builder embeddingModel(EmbeddingModel model, String name) {
            this.embeddingModel = Ensure.notNull(model, "model");
            this.embeddingModelName = Ensure.notBlank(name, "name");
            return this;
        }

        /** The embedding model, recorded under its class's name. */
        public Builder embeddingModel(EmbeddingModel model) {
            return embeddingModel(model, "custom:" + Ensure.notNull(model, "model").getClass().getSimpleName());
        }

        /** The application's pool; Maestro sets up its schema there and never closes it. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Ensure.notNull(dataSource, "dataSource");
            return this;
        }

        /** A PostgreSQL database Maestro opens its own pool to (and creates, if missing, on first use). */
        public Builder jdbcUrl(String url) {
            return set("db.url", url);
        }

        public Builder jdbcUrl(String url, String user, String password) {
            set("db.user", user);
            set("db.password", password);
            return jdbcUrl(url);
        }

        /** Agents from a YAML file (the format of the built-in {@code agents.yaml}). */
        public Builder agentsFile(Path file) {
            this.agents = AgentCatalog.load(Ensure.notNull(file, "file"));
            return this;
        }

        /** One agent declared in code; agents given this way replace the built-in ones. The first answer agent is the default. */
        public Builder agent(AgentSpec spec) {
            agentSpecs.add(Ensure.notNull(spec, "spec"));
            return this;
        }

        /** Whose memory the conversations of this instance are (tenant and user); {@code default/local} otherwise. */
        public Builder memoryScope(String tenant, String user) {
            this.memoryScope = Scope.of(tenant, user);
            return this;
        }

        /**
         * Whether this instance runs the memory worker (summaries, episode embeddings, facts); on by default. A
         * short-lived program leaves the durable queue to a long-running one.
         */
        public Builder backgroundMemory(boolean run) {
            this.backgroundMemory = run;
            return this;
        }

        /** The token budget of recalled memory, summary and recent turns in each prompt ({@code memory.context-tokens}). */
        public Builder memoryTokens(int tokens) {
            return set("memory.context-tokens", Integer.toString(tokens));
        }

        /**
         * Whether memory uses the chat model to summarise older turns and extract long-term facts; on by default. Off,
         * memory keeps the window and the recalled episodes only, and makes no model calls.
         */
        public Builder memorySummaries(boolean on) {
            this.memorySummaries = on;
            return this;
        }

        /**
         * Whether agents that declare {@code tools: [retrieval]} (the researcher) search the default collection; on by
         * default.
         */
        public Builder retrieval(boolean on) {
            this.retrieval = on;
            return this;
        }

        /**
         * Whether turns recall and store conversational memory, as by default. Off, each turn sees only its own request
         * and nothing of it is remembered (for stateless uses, and benchmarks of the parts around the graph).
         */
        public Builder memory(boolean on) {
            this.memory = on;
            return this;
        }

        /**
         * Whether turns are durable, as by default: checkpoints in PostgreSQL (a turn cut off by a crash is finished on
         * the next request) and conversations locked across processes. Off, both stay in this process — for tests and
         * benchmarks of the parts around the graph; memory and runs are still stored.
         */
        public Builder durable(boolean on) {
            this.durable = on;
            return this;
        }

        /** Where set-up messages go (e.g. "preparing the local database"); standard error by default, null for none. */
        public Builder setupLog(PrintStream log) {
            this.setupLog = log == null ? new PrintStream(OutputStream.nullOutputStream()) : log;
            return this;
        }

        /**
         * Called with every run this instance starts ({@link Maestro#chat}, {@link Maestro#run}, {@link Maestro#resume}), on
         * the starting thread, right after it started: to count or time runs through {@link ChatRun#result()}, say. A run
         * on the calling thread ({@code run}, {@code resume}) is handed over as a handle whose {@link ChatRun#events()}
         * are empty (its events go to the request's listener). Must be quick and not throw.
         */
        public Builder onRun(Consumer<? super ChatRun> observer) {
            observers.add(Ensure.notNull(observer, "observer"));
            return this;
        }

        /**
         * Opens the database (setting it up when it is the local default), builds the models and wires the graph.
         *
         * @throws dev.maestro.core.ConfigException   for an unknown key or an invalid value
         * @throws dev.maestro.core.DatabaseException when the database is unreachable or cannot be set up
         */
        public Maestro build() {
            MaestroRuntime.Assembly assembly = new MaestroRuntime.Assembly(effectiveConfig(), setupLog);
            assembly.background = backgroundMemory;
            assembly.streaming = streamingChatModel;
            assembly.chat = chatModel;
            assembly.dataSource = dataSource;
            assembly.scope = memoryScope;
            assembly.summaries = memorySummaries;
            assembly.retrieval = retrieval;
            assembly.durable = durable;
            assembly.memory = memory;
            if (embeddingModel != null) {
                // a model given as QueryAwareEmbeddingModel keeps its prefixes; others get the ones their name implies
                assembly.embeddings = embeddingModel instanceof QueryAwareEmbeddingModel aware ? aware
                        : QueryAwareEmbeddingModel.forModel(embeddingModel, embeddingModelName.substring(embeddingModelName.indexOf(':') + 1));
                assembly.embeddingModelName = embeddingModelName;
            }
            assembly.agents = !agentSpecs.isEmpty() ? AgentCatalog.of(agentSpecs) : agents;
            return new Maestro(MaestroRuntime.open(assembly), observers, clock);
        }

        private AppConfig effectiveConfig() {
            if (config != null) {
                if (!settings.isEmpty() || configFile != null) {
                    throw new IllegalStateException("config(...) is a complete configuration; do not combine it with set(...) or configFile(...)");
                }
                return config;
            }
            List<String> flags = new ArrayList<>();
            settings.forEach((k, v) -> flags.add(k + "=" + v));
            return ConfigLoader.explicitOnly(environment).load(configFile, flags);
        }
    }
}
