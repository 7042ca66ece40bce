/**
 * Intent routing: which agent serves a request, decided without an LLM call when possible.
 *
 * <pre>{@code
 * List<Route> routes = RouteFile.load(Path.of("routes.yaml"));         // name, description, examples
 * EmbeddingRouter embedding = EmbeddingRouter.builder().embeddingModel(model).routes(routes).build()
 *         .calibrated();                      // margins from the examples, each left out in turn
 *                                             // (or .fitThresholds(heldOut) with out-of-scope utterances)
 * IntentRouter router = FallbackRouter.builder().embeddingRouter(embedding)
 *         .classifier(LlmRouteClassifier.builder().chatModel(chatModel).routes(routes).build())
 *         .build();                                                     // default route: general
 * RouteDecision d = router.route("compare these two sorting algorithms, then write one in java");
 * // e.g. route coder, complexity COMPLEX, decided by EMBEDDING (no LLM call)
 * }</pre>
 *
 * {@link dev.maestro.agents.routing.EmbeddingRouter} scores routes by kNN, centroid or both
 * ({@link dev.maestro.agents.routing.RoutingMethod}) and abstains under per-route thresholds, or when the best route's
 * lead over the second is under its margin: calibrated on the examples by {@link dev.maestro.agents.routing.RouteCalibrator},
 * or thresholds fitted on held-out data by {@link dev.maestro.agents.routing.ThresholdFitter}; {@link dev.maestro.agents.routing.ComplexityEstimator}
 * grades each request for the small/large model cascade.
 */
package dev.maestro.agents.routing;
