package dev.maestro;

import dev.langchain4j.model.chat.ChatModel;
import dev.maestro.agents.AgentCatalog;
import dev.maestro.agents.routing.FallbackRouter;
import dev.maestro.core.Ensure;
import dev.maestro.core.config.AppConfig;
import dev.maestro.providers.Providers;
import dev.maestro.providers.QueryAwareEmbeddingModel;

import java.util.Optional;

/**
 * The intent router a {@link Maestro} builds, on its own: to explain or evaluate routing without running a turn.
 *
 * <pre>{@code
 * AgentCatalog agents = MaestroRouting.agents(config);
 * FallbackRouter router = MaestroRouting.router(config, agents, false).orElseThrow();
 * RouteDecision decision = router.route("fix this NullPointerException");
 * }</pre>
 *
 * @since 0.1
 */
public final class MaestroRouting {

    private MaestroRouting() {
    }

    /** The configured agents: {@code agents.file}, or the built-in ones. */
    public static AgentCatalog agents(AppConfig config) {
        return AgentWiring.catalog(Ensure.notNull(config, "config"));
    }

    /** The router over {@code agents} with the configured embedding model (and chat model, as classifier, when asked). */
    public static Optional<FallbackRouter> router(AppConfig config, AgentCatalog agents, boolean withClassifier) {
        return router(config, agents, Providers.embeddingModel(config), withClassifier ? Providers.chatModel(config) : null);
    }

    /**
     * The router over {@code agents}, calibrated on their examples as at start-up: the embedding router, then (when
     * {@code classifier} is given) the LLM classifier, then the first answer agent. Empty when no answer agent has
     * examples (then every request goes to that agent).
     */
    public static Optional<FallbackRouter> router(AppConfig config, AgentCatalog agents, QueryAwareEmbeddingModel embeddings,
                                                  ChatModel classifier) {
        Ensure.notNull(agents, "agents");
        Ensure.notNull(embeddings, "embeddings");
        AgentWiring.Parts parts = new AgentWiring.Parts(Ensure.notNull(config, "config"), null, classifier, embeddings, null, null, null, null, null);
        return Optional.ofNullable(AgentWiring.router(agents, parts, agents.answering().getFirst().name()));
    }
}
