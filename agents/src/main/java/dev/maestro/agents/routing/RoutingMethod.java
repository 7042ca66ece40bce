package dev.maestro.agents.routing;

/**
 * How the {@link EmbeddingRouter} scores a route against a request embedding (all scores are cosine similarities).
 *
 * @since 0.1
 */
public enum RoutingMethod {
    /** Mean of the k highest similarities among the route's examples (k = 1 is plain nearest neighbour). */
    KNN,
    /** Similarity to the route's centroid (the normalised mean of its example embeddings). */
    CENTROID,
    /** A weighted mean of the {@link #KNN} and {@link #CENTROID} scores. */
    HYBRID
}
