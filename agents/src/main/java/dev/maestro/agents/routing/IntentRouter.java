package dev.maestro.agents.routing;

/**
 * Decides which route (agent) serves a request.
 *
 * <p>Implementations: {@link EmbeddingRouter} (no LLM call; may abstain), {@link LlmRouteClassifier}
 * (one structured-output chat call) and {@link FallbackRouter}, which chains them and ends at a default route.
 *
 * @since 0.1
 */
public interface IntentRouter {

    /**
     * Routes one request. Never returns null; throws {@link IllegalArgumentException} for a blank request.
     */
    RouteDecision route(String request);
}
