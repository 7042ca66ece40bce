package dev.maestro.agents.routing;

import dev.langchain4j.data.embedding.Embedding;
import dev.maestro.core.Ensure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The routing chain: the {@link EmbeddingRouter} decides when it is confident; when it abstains the
 * {@link LlmRouteClassifier} decides, if one is configured; otherwise, or when the classifier answers "none"
 * or fails, the default route takes the request. Every decision keeps {@code abstained} and the embedding
 * alternatives, and says in {@link RouteDecision#decidedBy()} which stage chose.
 *
 * <pre>{@code
 * IntentRouter router = FallbackRouter.builder().embeddingRouter(embeddingRouter)
 *         .classifier(LlmRouteClassifier.builder().chatModel(chatModel).routes(routes).build())
 *         .build();   // default route: general
 * }</pre>
 *
 * @since 0.1
 */
public final class FallbackRouter implements IntentRouter {

    public static final String DEFAULT_ROUTE = "general";

    private static final Logger LOG = LoggerFactory.getLogger(FallbackRouter.class);

    private final EmbeddingRouter embeddingRouter;
    private final LlmRouteClassifier classifier;
    private final String defaultRoute;

    private FallbackRouter(Builder builder) {
        this.embeddingRouter = Ensure.notNull(builder.embeddingRouter, "embeddingRouter");
        this.classifier = builder.classifier;
        this.defaultRoute = builder.defaultRoute == null ? DEFAULT_ROUTE : Ensure.notBlank(builder.defaultRoute, "defaultRoute");
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public RouteDecision route(String request) {
        return settle(request, embeddingRouter.route(request));
    }

    /** As {@link #route(String)}, reusing an embedding of the request made by the embedding router's model. */
    public RouteDecision route(String request, Embedding embedding) {
        return settle(request, embeddingRouter.route(request, embedding));
    }

    /** The first stage, e.g. to explain a decision with its thresholds. */
    public EmbeddingRouter embeddingRouter() {
        return embeddingRouter;
    }

    private RouteDecision settle(String request, RouteDecision decision) {
        if (!decision.abstained()) {
            return decision;
        }
        if (classifier == null) {
            return decision.decided(defaultRoute, decision.confidence(), RouteDecision.DecidedBy.DEFAULT, "no LLM classifier configured", null);
        }
        LlmRouteClassifier.Attempt attempt = classifier.attempt(request);
        RouteDecision.LlmCall call = attempt.call();
        if (attempt.route().isPresent()) {
            ScoredRoute chosen = attempt.route().get();
            return decision.decided(chosen.route(), chosen.score(), RouteDecision.DecidedBy.LLM, "", call);
        }
        if (call.failed()) {
            // Routing must not fail a turn the default agent can answer; the agent's own call reports a dead provider.
            // Debug, not warn: the route event carries the reason, and a provider that is down fails the answer next.
            LOG.debug("LLM route classifier failed, using route '{}': {}", defaultRoute, call.error());
        }
        return decision.decided(defaultRoute, decision.confidence(), RouteDecision.DecidedBy.DEFAULT,
                call.failed() ? call.error() : "the LLM classifier answered none", call);
    }

    public static final class Builder {
        private EmbeddingRouter embeddingRouter;
        private LlmRouteClassifier classifier;
        private String defaultRoute;

        private Builder() {
        }

        public Builder embeddingRouter(EmbeddingRouter embeddingRouter) {
            this.embeddingRouter = embeddingRouter;
            return this;
        }

        /** Decides when the embedding router abstains; none by default (then the default route takes it). */
        public Builder classifier(LlmRouteClassifier classifier) {
            this.classifier = classifier;
            return this;
        }

        /** The route of last resort; defaults to {@value #DEFAULT_ROUTE}. */
        public Builder defaultRoute(String defaultRoute) {
            this.defaultRoute = defaultRoute;
            return this;
        }

        public FallbackRouter build() {
            return new FallbackRouter(this);
        }
    }
}
