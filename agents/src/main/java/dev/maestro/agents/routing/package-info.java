/**
 * Intent routing: which agent serves a request, decided without an LLM call when possible.
 *
 * <pre>{@code
 * List<Route> routes = RouteFile.load(Path.of("routes.yaml"));         // name, description, examples
 * EmbeddingRouter embedding = EmbeddingRouter.builder().embeddingModel(model).routes(routes).build()
 *         .fitThresholds(heldOut);                                      // in-scope + out-of-scope utterances
 * IntentRouter router = FallbackRouter.builder().embeddingRouter(embedding)
 *         .classifier(LlmRouteClassifier.builder().chatModel(chatModel).routes(routes).build())
 *         .build();                                                     // default route: general
 * RouteDecision d = router.route("compare these two sorting algorithms, then write one in java");
 * // e.g. route coder, complexity COMPLEX, decided by EMBEDDING (no LLM call)
 * }</pre>
 *
 * {@link dev.maestro.agents.routing.EmbeddingRouter} scores routes by kNN, centroid or both
 * ({@link dev.maestro.agents.routing.RoutingMethod}) and abstains under per-route thresholds fitted by
 * {@link dev.maestro.agents.routing.ThresholdFitter}; {@link dev.maestro.agents.routing.ComplexityEstimator}
 * grades each request for the small/large model cascade.
 */
package dev.maestro.agents.routing;
