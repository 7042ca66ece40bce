package dev.maestro.agents.routing;

import dev.maestro.core.Ensure;

import java.util.List;
import java.util.Optional;

/**
 * Where a request goes and why.
 *
 * @param route        the chosen route; empty only when the embedding router abstained and nothing decided after it
 * @param confidence   the score of the chosen route (cosine similarity, or the LLM's stated confidence), or of the
 *                     best candidate when abstaining
 * @param abstained    true when the embedding router's best score was under that route's threshold, or its lead over
 *                     the second-best under that route's margin, whatever decided afterwards
 * @param alternatives the best embedding candidates, best first (at most {@value EmbeddingRouter#ALTERNATIVES})
 * @param complexity   the request's estimated complexity
 * @param decidedBy    which stage chose the route
 * @param reason       why the embedding router abstained and, when a fallback decided, why that one; empty when the
 *                     embedding router decided
 * @param llm          the LLM classifier's call, when one was made
 * @since 0.1
 */
public record RouteDecision(Optional<String> route, double confidence, boolean abstained,
                            List<ScoredRoute> alternatives, Complexity complexity, DecidedBy decidedBy,
                            String reason, Optional<LlmCall> llm) {

    /** The stage of the routing chain that made the decision. */
    public enum DecidedBy {
        /** Similarity to the example utterances, above the route's threshold. */
        EMBEDDING,
        /** The LLM classifier, after the embedding router abstained. */
        LLM,
        /** The default route, after the embedding router abstained and no LLM classifier decided. */
        DEFAULT,
        /** Nobody: the embedding router abstained and no fallback was configured. */
        NONE
    }

    /**
     * One call of the LLM classifier.
     *
     * @param ms           wall time of the call, parsing included
     * @param inputTokens  as the provider reported them (0 when it did not)
     * @param outputTokens as the provider reported them (0 when it did not)
     * @param model        the classifier's model name, for usage records
     * @param error        why its answer was not used (a provider failure, a reply that does not parse); empty when it was
     */
    public record LlmCall(double ms, int inputTokens, int outputTokens, String model, String error) {

        public LlmCall {
            model = model == null ? "" : model;
            error = error == null ? "" : error;
        }

        public boolean failed() {
            return !error.isEmpty();
        }
    }

    public RouteDecision {
        Ensure.notNull(route, "route");
        alternatives = List.copyOf(Ensure.notNull(alternatives, "alternatives"));
        Ensure.notNull(complexity, "complexity");
        Ensure.notNull(decidedBy, "decidedBy");
        reason = reason == null ? "" : reason;
        Ensure.notNull(llm, "llm");
    }

    /** A decision without a reason or an LLM call. */
    public RouteDecision(Optional<String> route, double confidence, boolean abstained, List<ScoredRoute> alternatives,
                         Complexity complexity, DecidedBy decidedBy) {
        this(route, confidence, abstained, alternatives, complexity, decidedBy, "", Optional.empty());
    }

    /** The same decision, now settled on {@code chosen} by a later stage of the chain. */
    public RouteDecision decided(String chosen, double score, DecidedBy by) {
        return new RouteDecision(Optional.of(Ensure.notBlank(chosen, "chosen")), score, abstained, alternatives, complexity, by, reason, llm);
    }

    /** The same decision settled by a later stage, with why, and the LLM call it made (null: none). */
    public RouteDecision decided(String chosen, double score, DecidedBy by, String why, LlmCall call) {
        return new RouteDecision(Optional.of(Ensure.notBlank(chosen, "chosen")), score, abstained, alternatives, complexity, by,
                reason.isEmpty() ? why : why.isEmpty() ? reason : reason + "; " + why, Optional.ofNullable(call));
    }

    /** The best embedding candidate's lead over the second; NaN with fewer than two candidates. */
    public double margin() {
        return alternatives.size() < 2 ? Double.NaN : alternatives.get(0).score() - alternatives.get(1).score();
    }
}
