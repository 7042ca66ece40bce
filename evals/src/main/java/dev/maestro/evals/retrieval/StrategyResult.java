package dev.maestro.evals.retrieval;

/**
 * One strategy's scores, averaged over the evaluated queries.
 *
 * @since 0.1
 */
public record StrategyResult(String strategy, double ndcg10, double recall10, double recall100, double mrr10,
                             double latencyP50Ms, double latencyP95Ms) {
}
