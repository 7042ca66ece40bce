package dev.maestro;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.agents.Agent;
import dev.maestro.agents.AgentCatalog;
import dev.maestro.agents.AgentSpec;
import dev.maestro.agents.CascadeSpec;
import dev.maestro.agents.LlmAgent;
import dev.maestro.agents.RetrievingAgent;
import dev.maestro.agents.SystemPromptSource;
import dev.maestro.agents.routing.EmbeddingRouter;
import dev.maestro.agents.routing.FallbackRouter;
import dev.maestro.agents.routing.IntentRouter;
import dev.maestro.agents.routing.LlmRouteClassifier;
import dev.maestro.core.config.AppConfig;
import dev.maestro.providers.ModelHealth;
import dev.maestro.providers.ModelRef;
import dev.maestro.providers.Providers;
import dev.maestro.providers.QueryAwareEmbeddingModel;
import dev.maestro.graph.ConversationLock;
import dev.maestro.graph.MaestroGraph;
import dev.maestro.graph.TurnMemory;
import dev.maestro.graph.checkpoint.PostgresCheckpointSaver;
import dev.maestro.graph.checkpoint.PostgresConversationLock;
import dev.maestro.prompts.PromptLibrary;
import dev.maestro.cache.SemanticCache;
import dev.maestro.prompts.experiments.PromptExperiments;
import dev.maestro.rag.Retriever;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns configuration, models and the database into the graph Maestro runs. The only place agents are assembled. */
final class AgentWiring {

    private AgentWiring() {
    }

    /**
     * What the graph is made of; tests swap parts (a scripted model, no router).
     *
     * @param embeddingName what the embeddings are recorded as (the router keeps its examples' vectors under it)
     */
    public record Parts(AppConfig config, StreamingChatModel streaming, ChatModel chat, QueryAwareEmbeddingModel embeddings,
                        String embeddingName, DataSource dataSource, Retriever retriever, TurnMemory memory, ModelHealth health,
                        PromptExperiments prompts) {

        public Parts {
            health = health == null ? new ModelHealth(Providers.breakerSettings(config)) : health;
        }

        /** Without prompt experiments: every agent answers under its prompt's latest version. */
        public Parts(AppConfig config, StreamingChatModel streaming, ChatModel chat, QueryAwareEmbeddingModel embeddings,
                     String embeddingName, DataSource dataSource, Retriever retriever, TurnMemory memory, ModelHealth health) {
            this(config, streaming, chat, embeddings, embeddingName, dataSource, retriever, memory, health, null);
        }

        /** Whether a prompt experiment chooses this prompt's version per conversation. */
        boolean inExperiment(String promptId) {
            return prompts != null && prompts.experiments().stream().anyMatch(e -> e.promptId().equals(promptId));
        }

        /** Where an agent's system prompt comes from: its experiment when one covers it, else the latest version. */
        SystemPromptSource prompt(String promptId) {
            if (inExperiment(promptId)) {
                return conversation -> prompts.choose(promptId, conversation);
            }
            return SystemPromptSource.fixed(PromptChoices.library(config).latest(promptId));
        }
    }

    public static AgentCatalog catalog(AppConfig config) {
        return config.agentsFile().isEmpty() ? AgentCatalog.builtIn() : AgentCatalog.load(Path.of(config.agentsFile()));
    }

    /** The full graph: router, declared agents, planner, optional reviewer, checkpoints and lock in PostgreSQL. */
    public static MaestroGraph graph(Parts parts) {
        return graph(parts, catalog(parts.config()));
    }

    /** The full graph over the given agents instead of the configured ones. */
    public static MaestroGraph graph(Parts parts, AgentCatalog catalog) {
        AppConfig config = parts.config();
        MaestroGraph.Builder graph = MaestroGraph.builder();
        AgentTools tools = new AgentTools(config, parts.retriever(), parts.memory() instanceof MemoryTurns m ? m : null,
                parts.streaming() != Unused.MODEL);
        graph.closeWithGraph(tools).redactToolArguments(config.toolsRedactArguments());
        List<String> supervised = new ArrayList<>();
        // the reviewer a cascade asks, whether or not graph.review puts it after every answer
        Agent cascadeReviewer = catalog.answering().stream().anyMatch(a -> a.cascade() != null && a.cascade().uses(CascadeSpec.REVIEWER))
                ? catalog.reviewer().map(spec -> agent(spec, parts, tools, null)).orElse(null) : null;
        SemanticCache cache = AnswerCache.create(parts);
        for (AgentSpec spec : catalog.answering()) {
            Agent agent = agent(spec, parts, tools, cascadeReviewer);
            // an experiment compares versions on fresh answers: reused ones would skew its traffic and votes
            graph.agent(cache == null || parts.inExperiment(spec.prompt()) ? agent : AnswerCache.wrap(agent, spec, parts, cache));
            if (spec.supervised()) {
                supervised.add(spec.name());
            }
        }
        catalog.planner().ifPresent(spec -> graph.planner(agent(spec, parts, tools, null)));
        if (config.review()) {
            catalog.reviewer().ifPresent(spec -> graph.reviewer(agent(spec, parts, tools, null)));
        }
        String defaultAgent = catalog.answering().get(0).name();
        // routing needs the examples' vectors and a calibration: built meanwhile, awaited by the first request
        IntentRouter router = catalog.routes().isEmpty() || parts.embeddings() == null ? null
                : new BackgroundRouter(() -> router(catalog, parts, defaultAgent));
        graph.defaultAgent(defaultAgent).router(router).supervised(supervised.toArray(String[]::new));
        if (parts.memory() != null) {
            graph.memory(parts.memory());
        }
        if (parts.dataSource() != null) {
            graph.checkpointSaver(PostgresCheckpointSaver.builder().dataSource(parts.dataSource()).keepPerThread(config.checkpointsKept()).build())
                    .conversationLock(new PostgresConversationLock(parts.dataSource()));
        } else {
            graph.conversationLock(ConversationLock.LOCAL);
        }
        return graph.build();
    }

    /** The configured agents' graph, built only to be described: no models, database or memory are touched. */
    public static String mermaid(AppConfig config) {
        try (MaestroGraph graph = graph(new Parts(config, Unused.MODEL, null, null, null, null, null, null, null))) {
            return graph.mermaid();
        }
    }

    /** A graph with only the general agent and no router: what {@code ask} needs when nothing else is wired. */
    public static MaestroGraph graph(AppConfig config, StreamingChatModel model) {
        LlmAgent general = LlmAgent.builder()
                .name("general")
                .model(model, config.chatModel())
                .systemPrompt(PromptLibrary.standard().latest("general.system"))
                .build();
        return MaestroGraph.builder().agent(general).build();
    }

    /** Embedding router, then the LLM classifier, then the default agent; null (everything to the default) without routes. */
    public static FallbackRouter router(AgentCatalog catalog, Parts parts, String defaultAgent) {
        if (catalog.routes().isEmpty() || parts.embeddings() == null) {
            return null;
        }
        // Routing compares a request with example requests: both sides are passages, so no query instruction.
        // Margins calibrated on the examples themselves, each left out in turn: milliseconds, so done at every start.
        // The examples' vectors are kept in the database: embedding ~350 of them took seconds of every start.
        EmbeddingModel model = parts.dataSource() == null || parts.embeddingName() == null ? parts.embeddings()
                : new StoredEmbeddings(parts.dataSource(), parts.embeddingName(), parts.embeddings());
        EmbeddingRouter embedding = EmbeddingRouter.builder().embeddingModel(model).routes(catalog.routes()).build().calibrated();
        FallbackRouter.Builder router = FallbackRouter.builder().defaultRoute(defaultAgent).embeddingRouter(embedding);
        if (parts.chat() != null) {
            router.classifier(LlmRouteClassifier.builder().chatModel(parts.chat()).modelName(parts.config().chatModel()).routes(catalog.routes()).build());
        }
        return router.build();
    }

    private static Agent agent(AgentSpec spec, Parts parts, AgentTools tools, Agent cascadeReviewer) {
        AppConfig config = parts.config();
        // an agent with neither model nor fallback of its own uses the shared model (a chain itself, or a test's)
        List<ModelRef> fallback = spec.fallback().stream().map(f -> ModelRef.parse(f, config, "agent " + spec.name() + "'s fallback")).toList();
        ModelRef own = spec.model().isEmpty() ? ModelRef.configured(config) : ModelRef.parse(spec.model(), config, "agent " + spec.name() + "'s model");
        StreamingChatModel small = spec.model().isEmpty() && fallback.isEmpty() ? parts.streaming()
                : Providers.streamingChain(config, concat(own, fallback), parts.health());
        String smallName = own.model();
        LlmAgent.Builder b = LlmAgent.builder()
                .name(spec.name())
                .model(small, smallName)
                .systemPrompt(parts.prompt(spec.prompt()));
        if (!spec.largeModel().isEmpty()) {
            ModelRef large = ModelRef.parse(spec.largeModel(), config, "agent " + spec.name() + "'s large-model");
            b.largeModel(Providers.streamingChain(config, concat(large, fallback), parts.health()), large.model());
        }
        if (spec.cascade() != null) {
            if (spec.cascade().uses(CascadeSpec.REVIEWER) && cascadeReviewer == null) {
                throw new dev.maestro.core.ConfigException("Agent " + spec.name() + "'s cascade uses the reviewer check, but the agents file "
                        + "declares no agent with role: reviewer; add one or drop the check");
            }
            b.cascade(spec.cascade(), cascadeReviewer);
        }
        if (!spec.toolEntries().isEmpty()) {
            b.tools(tools.forAgent(spec)).toolLimits(tools.limits()).autonomous(spec.autonomous()).approveEveryCall(spec.supervised());
        }
        Agent agent = b.build();
        if (spec.uses("retrieval") && parts.retriever() != null) {
            agent = new RetrievingAgent(agent, parts.retriever(), MaestroRuntime.RESEARCH_SOURCES);
        }
        return agent;
    }

    private static List<ModelRef> concat(ModelRef first, List<ModelRef> rest) {
        List<ModelRef> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
