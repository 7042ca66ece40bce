package dev.maestro.agents;

import java.util.List;

/**
 * An agent's complete answer.
 *
 * @param model        the model that produced it, as reported by the provider when it says so
 * @param inputTokens  prompt tokens reported by the provider, 0 when unknown
 * @param outputTokens completion tokens reported by the provider, 0 when unknown
 * @param promptRef    the system prompt used, {@code id@vN}
 * @param sources      the numbered sources the answer may cite ({@code [1] ...}), empty when none were used
 * @param retrieval    the retrieval strategy that found the sources, empty when the agent did not retrieve
 * @param cascade      what the agent's confidence cascade decided, null when it has none or did not use it
 * @param cache        what the answer cache did, null when there is no cache in front of the agent
 */
public record AgentReply(String agent, String text, String model, int inputTokens, int outputTokens, String promptRef,
                         List<String> sources, String retrieval, CascadeOutcome cascade, CacheOutcome cache) {

    public AgentReply(String agent, String text, String model, int inputTokens, int outputTokens, String promptRef,
                      List<String> sources, String retrieval, CascadeOutcome cascade) {
        this(agent, text, model, inputTokens, outputTokens, promptRef, sources, retrieval, cascade, null);
    }

    public AgentReply {
        sources = sources == null ? List.of() : List.copyOf(sources);
        retrieval = retrieval == null ? "" : retrieval;
    }

    public AgentReply(String agent, String text, String model, int inputTokens, int outputTokens, String promptRef,
                      List<String> sources, String retrieval) {
        this(agent, text, model, inputTokens, outputTokens, promptRef, sources, retrieval, null, null);
    }

    public AgentReply(String agent, String text, String model, int inputTokens, int outputTokens, String promptRef) {
        this(agent, text, model, inputTokens, outputTokens, promptRef, List.of(), "", null, null);
    }

    /** This answer, given {@code newSources} found by the {@code strategy} retrieval. */
    public AgentReply withRetrieval(String strategy, List<String> newSources) {
        return new AgentReply(agent, text, model, inputTokens, outputTokens, promptRef, newSources, strategy, cascade, cache);
    }

    /** This answer, with what the cascade decided on the way to it. */
    public AgentReply withCascade(CascadeOutcome outcome) {
        return new AgentReply(agent, text, model, inputTokens, outputTokens, promptRef, sources, retrieval, outcome, cache);
    }

    /** This answer, with what the answer cache did. */
    public AgentReply withCache(CacheOutcome outcome) {
        return new AgentReply(agent, text, model, inputTokens, outputTokens, promptRef, sources, retrieval, cascade, outcome);
    }
}
