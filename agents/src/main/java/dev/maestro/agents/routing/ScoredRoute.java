package dev.maestro.agents.routing;

import dev.maestro.core.Ensure;

/**
 * A route and how well a request matches it: a cosine similarity for the embedding router, the model's
 * stated confidence for the LLM classifier.
 *
 * @since 0.1
 */
public record ScoredRoute(String route, double score) {

    public ScoredRoute {
        Ensure.notBlank(route, "route");
    }
}
