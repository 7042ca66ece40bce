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
 * @param abstained    true when the embedding router's best score was under that route's threshold, whatever
 *                     decided afterwards
 * @param alternatives the best embedding candidates, best first (at most {@value EmbeddingRouter#ALTERNATIVES})
 * @param complexity   the request's estimated complexity
 * @param decidedBy    which stage chose the route
 * @since 0.1
 */
public record RouteDecision(Optional<String> route, double confidence, boolean abstained,
                            List<ScoredRoute> alternatives, Complexity complexity, DecidedBy decidedBy) {

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

    public RouteDecision {
        Ensure.notNull(route, "route");
        alternatives = List.copyOf(Ensure.notNull(alternatives, "alternatives"));
        Ensure.notNull(complexity, "complexity");
        Ensure.notNull(decidedBy, "decidedBy");
    }

    /** The same decision, now settled on {@code chosen} by a later stage of the chain. */
    public RouteDecision decided(String chosen, double score, DecidedBy by) {
        return new RouteDecision(Optional.of(Ensure.notBlank(chosen, "chosen")), score, abstained, alternatives, complexity, by);
    }
}
