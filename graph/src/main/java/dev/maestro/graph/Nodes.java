package dev.maestro.graph;

import dev.maestro.agents.Agent;
import dev.maestro.agents.AgentReply;
import dev.maestro.agents.AgentRequest;
import dev.maestro.agents.CacheOutcome;
import dev.maestro.agents.CascadeOutcome;
import dev.maestro.agents.TokenSink;
import dev.maestro.agents.ToolApproval;
import dev.maestro.agents.ToolApprovalRequired;
import dev.maestro.agents.ToolCall;
import dev.maestro.agents.ToolJournal;
import dev.maestro.agents.routing.Complexity;
import dev.maestro.agents.routing.IntentRouter;
import dev.maestro.agents.routing.RouteDecision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The actions behind the graph's nodes. Each returns a partial state update; none keeps state of its own. */
final class Nodes {

    static final String LOAD_MEMORY = "load_memory";
    static final String CLASSIFY = "classify";
    static final String PLANNER = "planner";
    static final String FAN_OUT = "fan_out";
    static final String MERGE = "merge";
    static final String REVIEW = "review";
    static final String REVISE = "revise";
    static final String SAVE_MEMORY = "save_memory";
    static final String PARALLEL_SUFFIX = "_parallel";
    static final String LABEL_PLAN = "plan";
    static final String LABEL_PARALLEL = "parallel";
    /** The usage key and agent name of the LLM route classifier's calls. */
    static final String ROUTER = "router";

    /** Where a multi-intent request splits: sentence ends, or an explicit "and also". */
    private static final Pattern CLAUSES = Pattern.compile("(?<=[?.!])\\s+|\\s+and also\\s+", Pattern.CASE_INSENSITIVE);
    private static final int MAX_TASKS = 5;

    private final Map<String, Agent> agents;
    private final String defaultAgent;
    private final IntentRouter router;
    private final Agent planner;
    private final Agent reviewer;
    private final TurnMemory memory;
    private final Set<String> supervised;
    private final ToolJournals journals;
    private final boolean redactToolArguments;

    Nodes(Map<String, Agent> agents, String defaultAgent, IntentRouter router, Agent planner, Agent reviewer,
          TurnMemory memory, Set<String> supervised, ToolJournals journals, boolean redactToolArguments) {
        this.agents = agents;
        this.defaultAgent = defaultAgent;
        this.router = router;
        this.planner = planner;
        this.reviewer = reviewer;
        this.memory = memory;
        this.supervised = supervised;
        this.journals = journals;
        this.redactToolArguments = redactToolArguments;
    }

    Map<String, Object> loadMemory(ChatState state) {
        return Map.of(ChatState.CONTEXT, memory.recall(state.conversation(), state.question()));
    }

    /** The agent {@code question} is routed to, outside a turn. */
    Agent agentFor(String question) {
        return agents.get(agentFor(router.route(question)));
    }

    Map<String, Object> classify(ChatState state, Events.Sink sink) {
        String question = state.question();
        RouteDecision decision = router.route(question);
        String primary = agentFor(decision);
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("route", decision.route().orElse(""));
        route.put("agent", primary);
        route.put("confidence", decision.confidence());
        route.put("abstained", decision.abstained());
        route.put("decided_by", decision.decidedBy().name().toLowerCase(Locale.ROOT));
        route.put("complexity", decision.complexity().name().toLowerCase(Locale.ROOT));
        if (!decision.reason().isEmpty()) {
            route.put("reason", decision.reason());
        }
        Map<String, Object> usage = Map.of();
        if (decision.llm().isPresent()) {
            // The classifier's cost belongs to the turn: in the route event, and as usage like any other model call.
            RouteDecision.LlmCall call = decision.llm().get();
            route.put("llm_ms", call.ms());
            route.put("llm_input_tokens", call.inputTokens());
            route.put("llm_output_tokens", call.outputTokens());
            Map<String, Object> used = Map.of("key", ROUTER, "agent", ROUTER, "model", call.model(),
                    "input_tokens", call.inputTokens(), "output_tokens", call.outputTokens());
            sink.emit(RunEvent.Type.USAGE, ROUTER, used);
            usage = Map.of(ROUTER, Map.of("agent", ROUTER, "model", call.model(), "input_tokens", call.inputTokens(),
                    "output_tokens", call.outputTokens()));
        }

        List<Map<String, Object>> tasks;
        if (planner != null && decision.complexity() == Complexity.COMPLEX) {
            tasks = List.of();
        } else {
            tasks = multiIntentTasks(question);
            if (tasks.size() < 2) {
                tasks = List.of(task(1, primary, question));
            }
        }
        route.put("tasks", tasks.size());
        sink.emit(RunEvent.Type.ROUTE, CLASSIFY, route);
        return Map.of(ChatState.ROUTE, route, ChatState.TASKS, tasks, ChatState.USAGE, usage);
    }

    /** The label of the conditional edge after classify. */
    String afterClassify(ChatState state) {
        List<Map<String, Object>> tasks = state.tasks();
        if (tasks.isEmpty()) {
            return LABEL_PLAN;
        }
        return tasks.size() > 1 ? LABEL_PARALLEL : (String) tasks.get(0).get("agent");
    }

    Map<String, Object> plan(ChatState state, Events.Sink sink) {
        List<String> names = new ArrayList<>(agents.keySet());
        String context = "Agents you can hand steps to: " + String.join(", ", names) + ".\n" + state.context();
        AgentReply reply = planner.reply(new AgentRequest(state.question(), context, "", complexity(state)), t -> { });
        List<Map<String, Object>> tasks = new ArrayList<>();
        int order = 1;
        for (PlanParser.Step step : PlanParser.parse(reply.text(), agents.keySet(), defaultAgent, state.question())) {
            if (tasks.size() == MAX_TASKS) {
                break;
            }
            tasks.add(task(order++, step.agent(), step.task()));
        }
        sink.emit(RunEvent.Type.PLAN, PLANNER, Map.of("steps", tasks));
        return Map.of(ChatState.TASKS, tasks, ChatState.USAGE, usage(PLANNER, reply, sink));
    }

    /** One agent on the main path: answers the single task of the turn. */
    Map<String, Object> runSingle(String agentName, ChatState state, Events.Sink sink) {
        Map<String, Object> task = state.tasks().get(0);
        Map<String, Object> update;
        try {
            update = new HashMap<>(runTask(agentName, task, state, sink, false));
        } catch (ToolApprovalRequired waiting) {
            // The loop's completed calls are in the journal; the edge back to this node interrupts until a decision.
            ToolCall call = waiting.call();
            Map<String, Object> pending = new LinkedHashMap<>();
            pending.put("turn", state.turn());
            pending.put("agent", agentName);
            pending.put("task", task.get("id"));
            pending.put("call", call.id());
            pending.put("tool", call.tool());
            pending.put("arguments", redactToolArguments ? Events.REDACTED : call.arguments());
            pending.put("risk", call.risk().name().toLowerCase(Locale.ROOT));
            return Map.of(ChatState.PENDING_TOOL, pending);
        }
        update.put(ChatState.PENDING_TOOL, null);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) ((Map<String, Object>) update.get(ChatState.RESULTS)).get((String) task.get("id"));
        update.put(ChatState.ANSWER, result.get("text"));
        return update;
    }

    /** One agent as a parallel branch: answers every task of the turn assigned to it, or nothing. */
    Map<String, Object> runBranch(String agentName, ChatState state, Events.Sink sink) {
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Object> usage = new LinkedHashMap<>();
        String node = agentName + PARALLEL_SUFFIX;
        for (Map<String, Object> task : state.tasks()) {
            if (agentName.equals(task.get("agent"))) {
                // LangGraph4j's node hooks see only the hidden parallel node, so branches report themselves.
                long t0 = System.nanoTime();
                sink.emit(RunEvent.Type.NODE_STARTED, node, Map.of("task", task.get("id")));
                try {
                    Map<String, Object> one = runTask(agentName, task, state, sink, true);
                    results.putAll(cast(one.get(ChatState.RESULTS)));
                    usage.putAll(cast(one.get(ChatState.USAGE)));
                } catch (RuntimeException e) {
                    sink.emit(RunEvent.Type.NODE_FAILED, node, Map.of("task", task.get("id"), "error", String.valueOf(e.getMessage())));
                    throw e;
                }
                sink.emit(RunEvent.Type.NODE_FINISHED, node, Map.of("task", task.get("id"), "ms", (System.nanoTime() - t0) / 1_000_000));
            }
        }
        return results.isEmpty() ? Map.of() : Map.of(ChatState.RESULTS, results, ChatState.USAGE, usage);
    }

    /** The label of the edge after an agent on the main path: itself while one of its tool calls waits for approval. */
    String afterAgent(String agentName, ChatState state, String next) {
        return agentName.equals(state.pendingTool().get("agent")) && !toolDecided(state) ? agentName : next;
    }

    Map<String, Object> merge(ChatState state) {
        List<Map<String, Object>> results = state.results();
        if (results.size() == 1) {
            return Map.of(ChatState.ANSWER, results.get(0).get("text"));
        }
        StringBuilder answer = new StringBuilder();
        for (Map<String, Object> r : results) {
            if (!answer.isEmpty()) {
                answer.append("\n\n");
            }
            answer.append("**").append(r.get("agent")).append("** — ").append(r.get("input")).append("\n\n").append(r.get("text"));
        }
        return Map.of(ChatState.ANSWER, answer.toString());
    }

    Map<String, Object> review(ChatState state, Events.Sink sink) {
        String answer = state.answer().orElse("");
        String context = "The answer to check:\n" + answer;
        AgentReply reply = reviewer.reply(new AgentRequest(state.question(), context, "", complexity(state)), t -> { });
        ReviewVerdict verdict = ReviewVerdict.parse(reply.text());
        Map<String, Object> review = Map.of("approved", verdict.approved(), "feedback", verdict.feedback(), "revised", false);
        sink.emit(RunEvent.Type.REVIEW, REVIEW, review);
        return Map.of(ChatState.REVIEW, review, ChatState.USAGE, usage(REVIEW, reply, sink));
    }

    String afterReview(ChatState state) {
        return Boolean.TRUE.equals(state.review().get("approved")) ? SAVE_MEMORY : REVISE;
    }

    /** The one retry after a rejection: the first task's agent answers again, told what the reviewer objected to. */
    Map<String, Object> revise(ChatState state, Events.Sink sink) {
        Map<String, Object> first = state.tasks().get(0);
        String agentName = state.tasks().size() == 1 ? (String) first.get("agent") : defaultAgent;
        String feedback = String.valueOf(state.review().get("feedback"));
        AgentRequest request = new AgentRequest(state.question(),
                state.context() + "\nYour previous answer:\n" + state.answer().orElse(""), feedback, complexity(state), state.conversation());
        // Its tokens are not streamed as the answer: the first draft already was; clients show the revision at the end.
        TokenSink tokens = sink.tools(agentName, state.conversation(), true, journals.open(state.conversation(), state.turn(), "revision"),
                call -> ToolApproval.REJECTED, redactToolArguments);
        AgentReply reply = agents.get(agentName).reply(request, tokens);
        Map<String, Object> review = new LinkedHashMap<>(state.review());
        review.put("revised", true);
        return Map.of(ChatState.ANSWER, reply.text(), ChatState.REVIEW, review,
                ChatState.RESULTS, Map.of("revision", result(0, agentName, state.question(), reply)),
                ChatState.USAGE, usage(REVISE, reply, sink));
    }

    Map<String, Object> saveMemory(ChatState state) {
        memory.remember(state.conversation(), state.question(), state.answer().orElse(""));
        return Map.of();
    }

    /** Whether the turn must wait for approval before {@code nodeId} runs its tasks. */
    boolean needsApproval(String nodeId, ChatState state) {
        if (nodeId.equals(state.pendingTool().get("agent"))) {
            return !toolDecided(state);
        }
        if (!state.approval().isEmpty() && state.turn().equals(state.approval().get("turn"))) {
            return false;
        }
        return pendingSupervisedAgent(nodeId, state) != null;
    }

    String pendingSupervisedAgent(String nodeId, ChatState state) {
        if (nodeId.equals(state.pendingTool().get("agent")) && !toolDecided(state)) {
            return nodeId;
        }
        for (Map<String, Object> task : state.tasks()) {
            String agent = (String) task.get("agent");
            boolean onThisNode = nodeId.equals(FAN_OUT) || nodeId.equals(agent);
            if (onThisNode && supervised.contains(agent)) {
                return agent;
            }
        }
        return null;
    }

    private Map<String, Object> runTask(String agentName, Map<String, Object> task, ChatState state, Events.Sink sink, boolean parallel) {
        String input = (String) task.get("input");
        String decision = String.valueOf(state.approval().getOrDefault("decision", ""));
        // An approval that names a call decided a tool call, not whether the supervised agent runs.
        boolean approvedThisTurn = state.turn().equals(state.approval().get("turn")) && !state.approval().containsKey("call");
        if (approvedThisTurn && supervised.contains(agentName)) {
            if ("reject".equals(decision)) {
                Map<String, Object> rejected = new LinkedHashMap<>();
                rejected.put("order", task.get("order"));
                rejected.put("agent", agentName);
                rejected.put("input", input);
                rejected.put("text", "The operator rejected running the " + agentName + " agent for this request.");
                rejected.put("model", "");
                return Map.of(ChatState.RESULTS, Map.of((String) task.get("id"), rejected), ChatState.USAGE, Map.of());
            }
            if ("edit".equals(decision)) {
                input = String.valueOf(state.approval().get("input"));
            }
        }
        Agent agent = agents.get(agentName);
        AgentRequest request = new AgentRequest(input, state.context(), "", complexity(state), state.conversation());
        ToolJournal journal = journals.open(state.conversation(), state.turn(), (String) task.get("id"));
        // Only the main path can stop and wait: a parallel branch has no edge back to itself.
        TokenSink tokens = sink.tools(agentName, state.conversation(), parallel, journal, call -> parallel ? ToolApproval.REJECTED : decision(state, call),
                redactToolArguments);
        AgentReply reply = agent.reply(request, tokens);
        int order = ((Number) task.get("order")).intValue();
        return Map.of(ChatState.RESULTS, Map.of((String) task.get("id"), result(order, agentName, input, reply)),
                ChatState.USAGE, usage((String) task.get("id"), reply, sink));
    }

    private static boolean toolDecided(ChatState state) {
        Object call = state.pendingTool().get("call");
        return call != null && state.turn().equals(state.approval().get("turn")) && call.equals(state.approval().get("call"));
    }

    private static ToolApproval decision(ChatState state, ToolCall call) {
        Map<String, Object> approval = state.approval();
        if (!state.turn().equals(approval.get("turn")) || !call.id().equals(approval.get("call"))) {
            return ToolApproval.PENDING;
        }
        return "approve".equals(approval.get("decision")) ? ToolApproval.APPROVED : ToolApproval.REJECTED;
    }

    private static Map<String, Object> result(int order, String agent, String input, AgentReply reply) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("order", order);
        r.put("agent", agent);
        r.put("input", input);
        r.put("text", reply.text());
        r.put("model", reply.model());
        r.put("prompt", reply.promptRef());
        r.put("sources", reply.sources());
        r.put("retrieval", reply.retrieval());
        return r;
    }

    private static Map<String, Object> usage(String key, AgentReply reply, Events.Sink sink) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put(key, call(key, reply.agent(), reply.model(), reply.inputTokens(), reply.outputTokens(), sink));
        if (reply.cache() != null) {
            sink.emit(RunEvent.Type.CACHE, reply.agent(), cacheData(reply.agent(), reply.cache()));
        }
        CascadeOutcome cascade = reply.cascade();
        if (cascade != null) {
            sink.emit(RunEvent.Type.CASCADE, reply.agent(), cascadeData(cascade));
            // the calls that did not make the answer cost tokens too: each is a usage entry of its own
            for (CascadeOutcome.Call extra : cascade.extraCalls()) {
                String extraKey = key + ":cascade-" + extra.role();
                usage.put(extraKey, call(extraKey, reply.agent(), extra.model(), extra.inputTokens(), extra.outputTokens(), sink));
            }
        }
        return usage;
    }

    private static Map<String, Object> call(String key, String agent, String model, int in, int out, Events.Sink sink) {
        sink.emit(RunEvent.Type.USAGE, agent, Map.of("key", key, "agent", agent, "model", model, "input_tokens", in, "output_tokens", out));
        return Map.of("agent", agent, "model", model, "input_tokens", in, "output_tokens", out);
    }

    /** The cache event; similarity, age and entry only when there was an entry. */
    static Map<String, Object> cacheData(String agent, CacheOutcome c) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent", agent);
        data.put("outcome", c.outcome());
        if (!c.kind().isEmpty()) {
            data.put("kind", c.kind());
        }
        if (c.entryId() != 0) {
            data.put("entry", c.entryId());
            data.put("similarity", Math.round(c.similarity() * 10_000) / 10_000.0);
            data.put("age_seconds", c.ageSeconds());
        }
        if (!c.reason().isEmpty()) {
            data.put("reason", c.reason());
        }
        return data;
    }

    /** The cascade event: the decision, and the tokens it spared the large model or spent on top. */
    private static Map<String, Object> cascadeData(CascadeOutcome c) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent", c.agent());
        data.put("small_model", c.smallModel());
        data.put("large_model", c.largeModel());
        data.put("escalated", c.escalated());
        if (c.escalated()) {
            data.put("check", c.check());
            data.put("reason", c.reason());
        }
        if (c.confidence() != null) {
            data.put("confidence", c.confidence());
        }
        data.put("small_input_tokens", c.smallInput());
        data.put("small_output_tokens", c.smallOutput());
        data.put("large_tokens_avoided", c.escalated() ? 0 : c.smallInput() + c.smallOutput());
        data.put("extra_tokens", c.extraCalls().stream().mapToInt(x -> x.inputTokens() + x.outputTokens()).sum());
        data.put("extra_calls", c.extraCalls().stream().map(x -> Map.<String, Object>of("role", x.role(), "model", x.model(),
                "input_tokens", x.inputTokens(), "output_tokens", x.outputTokens())).toList());
        return data;
    }

    /**
     * The clauses of a multi-intent request as tasks, when they go to at least two agents other than the default.
     * A clause routed to the default agent stays with the clause before it (or after it, when first): follow-ups
     * such as "how do I fix that?" carry no topic of their own, so the catch-all wins them, and split off they
     * would reach an agent without the question they follow (issue 18).
     */
    private List<Map<String, Object>> multiIntentTasks(String question) {
        String[] clauses = CLAUSES.split(question.trim());
        if (clauses.length < 2) {
            return List.of();
        }
        List<String> agentsOf = new ArrayList<>();
        List<StringBuilder> inputs = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String clause : clauses) {
            if (clause.isBlank()) {
                continue;
            }
            RouteDecision d = router.route(clause);
            if (d.abstained() || d.route().isEmpty()) {
                return List.of(); // one unclear part: treat the request as a whole
            }
            String agent = agentFor(d);
            if (agent.equals(defaultAgent)) {
                (inputs.isEmpty() ? pending : inputs.getLast()).append(' ').append(clause.trim());
                continue;
            }
            inputs.add(new StringBuilder(pending.toString().trim()).append(pending.isEmpty() ? "" : " ").append(clause.trim()));
            pending.setLength(0);
            agentsOf.add(agent);
        }
        if (new java.util.HashSet<>(agentsOf).size() < 2 || agentsOf.size() > MAX_TASKS) {
            return List.of();
        }
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < agentsOf.size(); i++) {
            tasks.add(task(i + 1, agentsOf.get(i), inputs.get(i).toString().trim()));
        }
        return tasks;
    }

    private String agentFor(RouteDecision decision) {
        return decision.route().filter(agents::containsKey).orElse(defaultAgent);
    }

    private static Map<String, Object> task(int order, String agent, String input) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", String.format(Locale.ROOT, "%02d-%s", order, agent));
        t.put("agent", agent);
        t.put("input", input);
        t.put("order", order);
        return t;
    }

    private static Complexity complexity(ChatState state) {
        Object c = state.route().get("complexity");
        return c == null ? Complexity.SIMPLE : Complexity.valueOf(c.toString().toUpperCase(Locale.ROOT));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
