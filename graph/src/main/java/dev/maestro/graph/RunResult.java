package dev.maestro.graph;

import java.util.List;

/**
 * The outcome of one turn.
 *
 * @param answer       the final answer (merged when several agents worked)
 * @param agent        the agent that answered, or {@code "+"}-joined names when several did
 * @param agents       every agent that worked, in order
 * @param model        the model of the (first) answering agent
 * @param route        the route decision's route, or empty
 * @param interrupted  true when the run stopped before a supervised agent and waits for approval
 * @param pendingAgent the agent waiting for approval, or empty
 * @param sources      numbered sources the answer may cite, e.g. {@code [1] title}
 * @param retrieval    the retrieval strategy that found them (the first retrieving agent's), or empty
 * @param prompts      the system prompts that answered ({@code id@vN}, one per answering agent, in order), so a vote
 *                     on the answer reaches the prompt experiment's arm that gave it
 */
public record RunResult(String answer, String agent, List<String> agents, String model, String route,
                        int inputTokens, int outputTokens, long latencyMs, boolean interrupted, String pendingAgent,
                        List<String> sources, String retrieval, List<String> prompts) {

    public RunResult {
        agents = List.copyOf(agents);
        sources = List.copyOf(sources);
        retrieval = retrieval == null ? "" : retrieval;
        prompts = prompts == null ? List.of() : List.copyOf(prompts);
    }

    /** Without the prompts that answered. */
    public RunResult(String answer, String agent, List<String> agents, String model, String route, int inputTokens, int outputTokens,
                     long latencyMs, boolean interrupted, String pendingAgent, List<String> sources, String retrieval) {
        this(answer, agent, agents, model, route, inputTokens, outputTokens, latencyMs, interrupted, pendingAgent, sources, retrieval, List.of());
    }
}
