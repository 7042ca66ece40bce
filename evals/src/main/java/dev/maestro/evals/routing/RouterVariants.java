package dev.maestro.evals.routing;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.agents.routing.EmbeddingRouter;
import dev.maestro.agents.routing.FallbackRouter;
import dev.maestro.agents.routing.IntentRouter;
import dev.maestro.agents.routing.Route;
import dev.maestro.core.Ensure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedding router as Maestro builds it and the rules it replaced, for {@code eval routing --agents --compare}:
 * each is the first stage of a chain that ends at the default agent (no LLM), and all share one embedding cache, so
 * the examples and requests are embedded once.
 *
 * @since 0.1
 */
public final class RouterVariants {

    /** The rule before issue 18: one absolute threshold, no margin, descriptions ignored. */
    public static final String ABSOLUTE = "absolute threshold " + EmbeddingRouter.DEFAULT_THRESHOLD + ", no description";
    /** Calibrated margins, descriptions ignored. */
    public static final String MARGINS = "calibrated margins, no description";
    /** What the app runs: calibrated margins and description-aware centroids. */
    public static final String DEFAULT = "calibrated margins + description (default)";

    private RouterVariants() {
    }

    /** The three variants in that order, each as a chain ending at {@code defaultAgent}. */
    public static Map<String, IntentRouter> of(EmbeddingModel model, List<Route> routes, String defaultAgent) {
        Ensure.notNull(model, "model");
        CachedEmbeddingModel cached = new CachedEmbeddingModel(model, null);
        Map<String, EmbeddingRouter> routers = new LinkedHashMap<>();
        routers.put(ABSOLUTE, EmbeddingRouter.builder().embeddingModel(cached).routes(routes).descriptionWeight(0).build());
        routers.put(MARGINS, routers.get(ABSOLUTE).calibrated());
        routers.put(DEFAULT, EmbeddingRouter.builder().embeddingModel(cached).routes(routes).build().calibrated());
        Map<String, IntentRouter> chains = new LinkedHashMap<>();
        routers.forEach((name, r) -> chains.put(name, FallbackRouter.builder().embeddingRouter(r).defaultRoute(defaultAgent).build()));
        return chains;
    }
}
