package dev.maestro.graph;

import dev.maestro.agents.Agent;
import dev.maestro.agents.routing.IntentRouter;
import dev.maestro.core.Ensure;
import dev.maestro.core.MaestroException;
import dev.maestro.graph.checkpoint.PostgresCheckpointSaver;
import dev.maestro.graph.checkpoint.PostgresToolJournals;
import org.bsc.async.AsyncGenerator;
import org.bsc.langgraph4j.CompileConfig;
import org.bsc.langgraph4j.CompiledGraph;
import org.bsc.langgraph4j.GraphInput;
import org.bsc.langgraph4j.GraphRepresentation;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.NodeOutput;
import org.bsc.langgraph4j.RunnableConfig;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.action.InterruptableAction;
import org.bsc.langgraph4j.action.InterruptionMetadata;
import org.bsc.langgraph4j.action.NodeActionWithConfig;
import org.bsc.langgraph4j.checkpoint.BaseCheckpointSaver;
import org.bsc.langgraph4j.checkpoint.MemorySaver;
import org.bsc.langgraph4j.state.StateSnapshot;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncEdgeAction.edge_async;
import static org.bsc.langgraph4j.action.AsyncNodeActionWithConfig.node_async;

/**
 * Maestro's LangGraph4j state graph:
 * {@code load_memory → classify → (one agent | planner → fan-out of agents in parallel → merge) → [review → revise] → save_memory}.
 *
 * <pre>{@code
 * MaestroGraph graph = MaestroGraph.builder().agents(general, coder).router(router).build();
 * RunResult result = graph.run("conversation-1", "Write a haiku about Postgres", event -> ...);
 * }</pre>
 *
 * <p>One thread per conversation: with a checkpoint saver, a turn interrupted by a crash is finished on the next
 * request to that conversation, and supervised agents wait for {@link #resume(String, Approval, RunListener)}.
 *
 * @since 0.1
 */
public final class MaestroGraph implements AutoCloseable {

    private static final Set<String> RESERVED = Set.of(Nodes.LOAD_MEMORY, Nodes.CLASSIFY, Nodes.PLANNER, Nodes.FAN_OUT,
            Nodes.MERGE, Nodes.REVIEW, Nodes.REVISE, Nodes.SAVE_MEMORY, Nodes.LABEL_PLAN, Nodes.LABEL_PARALLEL);

    private final CompiledGraph<ChatState> compiled;
    private final Nodes nodes;
    private final Clock clock;
    private final ConversationLock lock;
    /** How long {@link #close()} waits for conversation locks still being released. */
    private static final java.time.Duration CLOSE_DRAIN = java.time.Duration.ofSeconds(5);
    private final ExecutorService parallel;
    private final boolean ownsExecutor;
    /** The saver when it is the write-behind PostgreSQL one, which needs pinning and flushing; null otherwise. */
    private final PostgresCheckpointSaver postgresSaver;
    private final TurnMemory memory;
    private final ToolJournals journals;
    private final List<AutoCloseable> resources;

    private MaestroGraph(Builder builder) {
        Ensure.notEmpty(builder.agents, "agents");
        Map<String, Agent> agents = new LinkedHashMap<>();
        for (Agent a : builder.agents) {
            if (RESERVED.contains(a.name()) || a.name().endsWith(Nodes.PARALLEL_SUFFIX)) {
                throw new IllegalArgumentException("Agent name '" + a.name() + "' is reserved by the graph; reserved: " + RESERVED);
            }
            if (agents.put(a.name(), a) != null) {
                throw new IllegalArgumentException("Two agents are named '" + a.name() + "'; agent names must be unique");
            }
        }
        String defaultAgent = builder.defaultAgent == null ? agents.keySet().iterator().next() : builder.defaultAgent;
        if (!agents.containsKey(defaultAgent)) {
            throw new IllegalArgumentException("Default agent '" + defaultAgent + "' is not among the agents " + agents.keySet());
        }
        for (String s : builder.supervised) {
            if (!agents.containsKey(s)) {
                throw new IllegalArgumentException("Supervised agent '" + s + "' is not among the agents " + agents.keySet());
            }
        }
        IntentRouter router = builder.router == null ? request -> FixedRoute.to(defaultAgent) : builder.router;
        this.clock = builder.clock == null ? Clock.systemUTC() : builder.clock;
        this.resources = List.copyOf(builder.resources);
        this.lock = builder.lock == null ? ConversationLock.LOCAL : builder.lock;
        this.ownsExecutor = builder.executor == null;
        this.parallel = builder.executor == null ? Executors.newFixedThreadPool(Math.max(2, agents.size()), daemon()) : builder.executor;
        BaseCheckpointSaver saver = builder.saver == null ? new MemorySaver() : builder.saver;
        this.postgresSaver = saver instanceof PostgresCheckpointSaver postgres ? postgres : null;
        TurnMemory given = builder.memory == null ? TurnMemory.NONE : builder.memory;
        this.memory = postgresSaver == null ? given : new CheckpointedMemory(given, postgresSaver.dataSource());
        this.journals = builder.journals != null ? builder.journals
                : postgresSaver != null ? new PostgresToolJournals(postgresSaver.dataSource()) : ToolJournals.inMemory();
        this.nodes = new Nodes(agents, defaultAgent, router, builder.planner, builder.reviewer, memory, Set.copyOf(builder.supervised),
                journals, builder.redactToolArguments);
        try {
            this.compiled = define(agents, builder.planner != null, builder.reviewer != null)
                    .compile(CompileConfig.builder().checkpointSaver(saver).build());
        } catch (GraphStateException e) {
            throw new GraphException("Cannot build the graph: " + e.getMessage(), e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One turn on a fresh conversation; tokens reach {@code sink} as they stream. */
    public RunResult run(String question, dev.maestro.agents.TokenSink sink) {
        dev.maestro.agents.TokenSink tokens = sink == null ? dev.maestro.agents.TokenSink.NONE : sink;
        return run(UUID.randomUUID().toString(), question, event -> {
            if (event.type() == RunEvent.Type.TOKEN && !Boolean.TRUE.equals(event.data().get("parallel"))) {
                tokens.onToken(event.text("text"));
            }
        });
    }

    /**
     * One turn of a conversation. A turn left unfinished by a crash is completed first. Provider and database
     * failures propagate as the Maestro exceptions they are.
     */
    public RunResult run(String conversationId, String question, RunListener listener) {
        Ensure.notBlank(conversationId, "conversationId");
        Ensure.notBlank(question, "question");
        RunListener events = listener == null ? RunListener.NONE : listener;
        memory.prefetch(conversationId, question);
        return held(conversationId, () -> {
            RunnableConfig config = config(conversationId, events);
            finishCrashedTurn(config, events);
            String turn = UUID.randomUUID().toString();
            Map<String, Object> input = new HashMap<>();
            input.put(ChatState.CONVERSATION, conversationId);
            input.put(ChatState.TURN, turn);
            input.put(ChatState.QUESTION, question);
            for (String perTurn : List.of(ChatState.ROUTE, ChatState.TASKS, ChatState.RESULTS, ChatState.USAGE,
                    ChatState.ANSWER, ChatState.REVIEW, ChatState.APPROVAL, ChatState.CONTEXT, ChatState.PENDING_TOOL)) {
                input.put(perTurn, null); // reset what the previous turn left in the thread's state
            }
            emit(events, RunEvent.Type.RUN_STARTED, Map.of("conversation", conversationId, "turn", turn, "question", question));
            return execute(GraphInput.args(input), config, events, turn);
        });
    }

    /** Resumes a turn waiting for approval of a supervised agent. */
    public RunResult resume(String conversationId, Approval approval, RunListener listener) {
        Ensure.notNull(approval, "approval");
        RunListener events = listener == null ? RunListener.NONE : listener;
        return held(conversationId, () -> {
            RunnableConfig config = config(conversationId, events);
            ChatState state = pendingState(config).orElseThrow(() -> new GraphException(
                    "Conversation " + conversationId + " has no turn waiting for approval", null));
            Map<String, Object> decision = new LinkedHashMap<>();
            decision.put("turn", state.turn());
            decision.put("decision", approval.decision().name().toLowerCase(java.util.Locale.ROOT));
            decision.put("input", approval.editedInput());
            if (!state.pendingTool().isEmpty()) {
                decision.put("call", state.pendingTool().get("call")); // a tool call waits, not a supervised agent
            }
            return execute(GraphInput.resume(Map.of(ChatState.APPROVAL, decision)), config, events, state.turn());
        });
    }

    /** The supervised agent a conversation's turn is waiting on, if any. */
    public Optional<String> pendingApproval(String conversationId) {
        RunnableConfig config = config(conversationId, RunListener.NONE);
        return pendingState(config).map(s -> {
            String agent = nodes.pendingSupervisedAgent(nextNode(config).orElse(""), s);
            return agent == null ? "" : agent;
        });
    }

    /** The tool call the conversation's paused turn waits on, if it waits on one (rather than on a supervised agent). */
    public Optional<PendingToolCall> pendingToolCall(String conversationId) {
        RunnableConfig config = config(conversationId, RunListener.NONE);
        return pendingState(config).filter(s -> !s.pendingTool().isEmpty()).map(s -> PendingToolCall.of(s.pendingTool()));
    }

    /**
     * The agent the router sends {@code question} to (the default agent when it names none), without running a turn:
     * for callers that talk to the agent's model themselves.
     */
    public Agent routeToAgent(String question) {
        return nodes.agentFor(question);
    }

    /** The graph as a Mermaid flowchart. */
    public String mermaid() {
        return compiled.getGraph(GraphRepresentation.Type.MERMAID, "Maestro", true).content();
    }

    @Override
    public void close() {
        lock.drain(CLOSE_DRAIN);
        if (ownsExecutor) {
            parallel.shutdownNow();
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing the rest matters more; a resource that fails to close has nothing left to give
            }
        }
    }

    /**
     * Runs {@code turn} holding the conversation: no other turn of it runs meanwhile, in this process or another, so a
     * PostgreSQL saver may trust its own writes until then. Before the conversation is let go, its queued checkpoints
     * are stored, so whoever takes it next resumes from the whole turn.
     */
    private RunResult held(String conversationId, java.util.function.Supplier<RunResult> turn) {
        try (ConversationLock.Held ignored = lock.acquire(conversationId)) {
            if (postgresSaver == null) {
                return turn.get();
            }
            postgresSaver.pin(conversationId);
            try {
                RunResult result;
                try {
                    result = turn.get();
                } catch (RuntimeException e) {
                    try {
                        postgresSaver.flush(conversationId);
                    } catch (RuntimeException flushFailure) {
                        e.addSuppressed(flushFailure);
                    }
                    throw e;
                }
                postgresSaver.flush(conversationId);
                return result;
            } finally {
                postgresSaver.unpin(conversationId);
            }
        }
    }

    private RunResult execute(GraphInput input, RunnableConfig config, RunListener events, String turn) {
        long start = clock.millis();
        ChatState last = null;
        AsyncGenerator.Cancellable<NodeOutput<ChatState>> stream = compiled.stream(input, config);
        try {
            for (NodeOutput<ChatState> out : stream) {
                last = out.state();
            }
        } catch (RuntimeException e) {
            markFailed(config, turn);
            RuntimeException cause = unwrap(e);
            emit(events, RunEvent.Type.RUN_FAILED, Map.of("error", String.valueOf(cause.getMessage())));
            throw cause;
        }
        Optional<Object> result = AsyncGenerator.resultValue(stream);
        if (result.isPresent() && result.get() instanceof InterruptionMetadata<?> interruption) {
            @SuppressWarnings("unchecked")
            ChatState state = ((InterruptionMetadata<ChatState>) interruption).state();
            String agent = nodes.pendingSupervisedAgent(interruption.nodeId(), state);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("node", interruption.nodeId());
            data.put("agent", agent == null ? "" : agent);
            if (!state.pendingTool().isEmpty()) {
                for (String key : List.of("tool", "arguments", "risk", "call")) {
                    data.put(key, state.pendingTool().get(key));
                }
            }
            emit(events, RunEvent.Type.INTERRUPTED, data);
            return summarise(state, clock.millis() - start, true, agent == null ? "" : agent);
        }
        if (last == null) {
            throw new GraphException("The graph produced no state for turn " + turn, null);
        }
        journals.finish(last.conversation(), turn);
        RunResult r = summarise(last, clock.millis() - start, false, "");
        emit(events, RunEvent.Type.RUN_FINISHED, Map.of("agents", r.agents(), "input_tokens", r.inputTokens(),
                "output_tokens", r.outputTokens(), "latency_ms", r.latencyMs()));
        return r;
    }

    private void finishCrashedTurn(RunnableConfig config, RunListener events) {
        Optional<StateSnapshot<ChatState>> snapshot = last(config);
        if (snapshot.isEmpty()) {
            return;
        }
        ChatState state = snapshot.get().state();
        String next = snapshot.get().next();
        boolean unfinished = next != null && !END.equals(next) && !state.turn().isEmpty();
        boolean failedKnowingly = state.turn().equals(state.failedTurn());
        boolean waitingForApproval = unfinished && nodes.needsApproval(next, state);
        if (!unfinished || failedKnowingly || waitingForApproval) {
            return;
        }
        emit(events, RunEvent.Type.RESUMED, Map.of("turn", state.turn(), "question", state.question(), "next", next));
        execute(GraphInput.resume(), config, events, state.turn());
    }

    private Optional<ChatState> pendingState(RunnableConfig config) {
        Optional<StateSnapshot<ChatState>> snapshot = last(config);
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        String next = snapshot.get().next();
        ChatState state = snapshot.get().state();
        boolean waiting = next != null && !END.equals(next) && nodes.needsApproval(next, state);
        return waiting ? Optional.of(state) : Optional.empty();
    }

    private Optional<String> nextNode(RunnableConfig config) {
        return last(config).map(StateSnapshot::next);
    }

    /**
     * The thread's newest checkpoint. Not {@code lastStateOf}: that lists (and parses) every kept checkpoint to return
     * the first, where the saver can read just the newest one, or know it from its own writes.
     */
    private Optional<StateSnapshot<ChatState>> last(RunnableConfig config) {
        return compiled.stateOf(config);
    }

    private void markFailed(RunnableConfig config, String turn) {
        try {
            if (last(config).isPresent()) {
                compiled.updateState(config, Map.of(ChatState.FAILED_TURN, turn));
            }
        } catch (Exception e) {
            // The failure being reported matters more; an unmarked turn is only resumed once more.
        }
    }

    private RunResult summarise(ChatState state, long latencyMs, boolean interrupted, String pendingAgent) {
        List<String> agents = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> prompts = new ArrayList<>();
        String retrieval = "";
        for (Map<String, Object> r : state.results()) {
            String a = String.valueOf(r.get("agent"));
            if (!agents.contains(a)) {
                agents.add(a);
            }
            if (r.get("prompt") instanceof String ref && !ref.isEmpty() && !prompts.contains(ref)) {
                prompts.add(ref);
            }
            if (retrieval.isEmpty() && r.get("retrieval") instanceof String strategy) {
                retrieval = strategy;
            }
            if (r.get("sources") instanceof List<?> list) {
                list.forEach(x -> sources.add(String.valueOf(x)));
            }
        }
        int in = 0;
        int out = 0;
        for (Object v : state.usage().values()) {
            Map<?, ?> u = (Map<?, ?>) v;
            in += ((Number) u.get("input_tokens")).intValue();
            out += ((Number) u.get("output_tokens")).intValue();
        }
        List<Map<String, Object>> results = state.results();
        String model = results.isEmpty() ? "" : String.valueOf(results.get(0).get("model"));
        String route = String.valueOf(state.route().getOrDefault("route", ""));
        return new RunResult(state.answer().orElse(""), String.join("+", agents), agents, model, route, in, out,
                latencyMs, interrupted, pendingAgent, sources, retrieval, prompts);
    }

    private RunnableConfig config(String conversationId, RunListener events) {
        return RunnableConfig.builder()
                .threadId(conversationId)
                .addMetadata(Events.LISTENER, events)
                .addParallelNodeExecutor(Nodes.FAN_OUT, parallel)
                .build();
    }

    private StateGraph<ChatState> define(Map<String, Agent> agents, boolean withPlanner, boolean withReviewer) throws GraphStateException {
        StateGraph<ChatState> g = new StateGraph<>(ChatState.SCHEMA, new JsonStateSerializer());
        g.addWrapCallNodeHook((nodeId, state, config, action) -> {
            Events.Sink sink = Events.of(config, clock);
            long t0 = clock.millis();
            sink.emit(RunEvent.Type.NODE_STARTED, nodeId, Map.of());
            return action.apply(state, config).whenComplete((update, error) -> {
                long ms = clock.millis() - t0;
                if (error == null) {
                    sink.emit(RunEvent.Type.NODE_FINISHED, nodeId, Map.of("ms", ms));
                } else {
                    sink.emit(RunEvent.Type.NODE_FAILED, nodeId, Map.of("ms", ms, "error", String.valueOf(unwrap(error).getMessage())));
                }
            });
        });
        g.addNode(Nodes.LOAD_MEMORY, node((s, sink) -> nodes.loadMemory(s)));
        g.addNode(Nodes.CLASSIFY, node(nodes::classify));
        String after = withReviewer ? Nodes.REVIEW : Nodes.SAVE_MEMORY;
        Map<String, String> routes = new LinkedHashMap<>();
        for (String name : agents.keySet()) {
            g.addNode(name, node_async(new Gated(name, (s, sink) -> nodes.runSingle(name, s, sink))));
            // back to itself while a tool call waits: the node's gate then interrupts until the operator decides
            g.addConditionalEdges(name, edge_async(s -> nodes.afterAgent(name, s, after)), Map.of(after, after, name, name));
            routes.put(name, name);
        }
        g.addNode(Nodes.FAN_OUT, node_async(new Gated(Nodes.FAN_OUT, (s, sink) -> Map.of())));
        g.addNode(Nodes.MERGE, node((s, sink) -> nodes.merge(s)));
        for (String name : agents.keySet()) {
            String branch = name + Nodes.PARALLEL_SUFFIX;
            g.addNode(branch, node((s, sink) -> nodes.runBranch(name, s, sink)));
            g.addEdge(Nodes.FAN_OUT, branch);
            g.addEdge(branch, Nodes.MERGE);
        }
        g.addEdge(Nodes.MERGE, after);
        routes.put(Nodes.LABEL_PARALLEL, Nodes.FAN_OUT);
        if (withPlanner) {
            g.addNode(Nodes.PLANNER, node(nodes::plan));
            g.addEdge(Nodes.PLANNER, Nodes.FAN_OUT);
            routes.put(Nodes.LABEL_PLAN, Nodes.PLANNER);
        }
        if (withReviewer) {
            g.addNode(Nodes.REVIEW, node(nodes::review));
            g.addNode(Nodes.REVISE, node(nodes::revise));
            g.addConditionalEdges(Nodes.REVIEW, edge_async(nodes::afterReview),
                    Map.of(Nodes.SAVE_MEMORY, Nodes.SAVE_MEMORY, Nodes.REVISE, Nodes.REVISE));
            g.addEdge(Nodes.REVISE, Nodes.SAVE_MEMORY);
        }
        g.addNode(Nodes.SAVE_MEMORY, node((s, sink) -> nodes.saveMemory(s)));
        g.addEdge(START, Nodes.LOAD_MEMORY);
        g.addEdge(Nodes.LOAD_MEMORY, Nodes.CLASSIFY);
        g.addConditionalEdges(Nodes.CLASSIFY, edge_async(nodes::afterClassify), routes);
        g.addEdge(Nodes.SAVE_MEMORY, END);
        return g;
    }

    private org.bsc.langgraph4j.action.AsyncNodeActionWithConfig<ChatState> node(BiFunction<ChatState, Events.Sink, Map<String, Object>> action) {
        return node_async((state, config) -> action.apply(state, Events.of(config, clock)));
    }

    /** Memory told that the turn's last checkpoint, committed after save_memory and waited for, goes to {@code checkpoints}. */
    private record CheckpointedMemory(TurnMemory memory, javax.sql.DataSource checkpoints) implements TurnMemory {

        @Override
        public void prefetch(String conversationId, String question) {
            memory.prefetch(conversationId, question);
        }

        @Override
        public String recall(String conversationId, String question) {
            return memory.recall(conversationId, question);
        }

        @Override
        public void remember(String conversationId, String question, String answer) {
            memory.rememberBeforeCheckpoint(conversationId, question, answer, checkpoints);
        }
    }

    /** A node that waits for approval before it runs a supervised agent's task. */
    private final class Gated implements NodeActionWithConfig<ChatState>, InterruptableAction<ChatState> {
        private final String nodeId;
        private final BiFunction<ChatState, Events.Sink, Map<String, Object>> action;

        Gated(String nodeId, BiFunction<ChatState, Events.Sink, Map<String, Object>> action) {
            this.nodeId = nodeId;
            this.action = action;
        }

        @Override
        public Map<String, Object> apply(ChatState state, RunnableConfig config) {
            return action.apply(state, Events.of(config, clock));
        }

        @Override
        public Optional<InterruptionMetadata<ChatState>> interrupt(String id, ChatState state, RunnableConfig config) {
            if (!nodes.needsApproval(nodeId, state)) {
                return Optional.empty();
            }
            return Optional.of(InterruptionMetadata.builder(nodeId, state)
                    .addMetadata("agent", nodes.pendingSupervisedAgent(nodeId, state)).build());
        }
    }

    private void emit(RunListener listener, RunEvent.Type type, Map<String, Object> data) {
        listener.onEvent(new RunEvent(type, "", clock.millis(), data));
    }

    /** LangGraph4j wraps node failures in completion exceptions; callers want the Maestro exception inside. */
    static RuntimeException unwrap(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MaestroException me) {
                return me;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return e instanceof RuntimeException re ? re : new GraphException(String.valueOf(e.getMessage()), e);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "maestro-agent-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public static final class Builder {
        private final List<Agent> agents = new ArrayList<>();
        private final Set<String> supervised = new LinkedHashSet<>();
        private final List<AutoCloseable> resources = new ArrayList<>();
        private String defaultAgent;
        private IntentRouter router;
        private Agent planner;
        private Agent reviewer;
        private TurnMemory memory;
        private BaseCheckpointSaver saver;
        private ConversationLock lock;
        private ExecutorService executor;
        private Clock clock;
        private ToolJournals journals;
        private boolean redactToolArguments;

        private Builder() {
        }

        /** Routable agents; the first is the default unless {@link #defaultAgent} says otherwise. */
        public Builder agent(Agent agent) {
            agents.add(Ensure.notNull(agent, "agent"));
            return this;
        }

        public Builder agents(Agent... more) {
            for (Agent a : more) {
                agent(a);
            }
            return this;
        }

        /** The agent that takes requests the router cannot place; defaults to the first agent. */
        public Builder defaultAgent(String name) {
            this.defaultAgent = name;
            return this;
        }

        /** Classifies requests; without one every request goes to the default agent. */
        public Builder router(IntentRouter router) {
            this.router = router;
            return this;
        }

        /** Splits complex requests into steps for other agents, run in parallel. */
        public Builder planner(Agent planner) {
            this.planner = planner;
            return this;
        }

        /** Checks every answer; a rejection gets one retry with its feedback. */
        public Builder reviewer(Agent reviewer) {
            this.reviewer = reviewer;
            return this;
        }

        public Builder memory(TurnMemory memory) {
            this.memory = memory;
            return this;
        }

        /** Where checkpoints go; defaults to memory (lost on exit). */
        public Builder checkpointSaver(BaseCheckpointSaver saver) {
            this.saver = saver;
            return this;
        }

        /** Serialises turns of one conversation across processes; defaults to within this process. */
        public Builder conversationLock(ConversationLock lock) {
            this.lock = lock;
            return this;
        }

        /** Agents that must be approved before they run (supervised mode). */
        public Builder supervised(String... agentNames) {
            supervised.addAll(List.of(agentNames));
            return this;
        }

        /** Runs parallel branches; defaults to a small pool owned (and closed) by the graph. */
        public Builder executor(ExecutorService executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Where agents' tool loops are recorded so a resumed turn repeats no completed call; defaults to PostgreSQL
         * with a {@link PostgresCheckpointSaver} (its database), else memory.
         */
        public Builder toolJournals(ToolJournals journals) {
            this.journals = journals;
            return this;
        }

        /** Whether tool_call events and approval requests carry {@code [redacted]} instead of the arguments; false by default. */
        public Builder redactToolArguments(boolean redact) {
            this.redactToolArguments = redact;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Something the agents use that must be closed with the graph, such as the MCP servers behind their tools. */
        public Builder closeWithGraph(AutoCloseable resource) {
            resources.add(Ensure.notNull(resource, "resource"));
            return this;
        }

        public MaestroGraph build() {
            return new MaestroGraph(this);
        }
    }
}
