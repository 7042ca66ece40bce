package dev.maestro.agents.routing;

/**
 * How demanding a request looks, from cheap surface features (see {@link ComplexityEstimator}). The cascade
 * sends {@link #COMPLEX} requests to an agent's large model and the rest to its small one.
 *
 * @since 0.1
 */
public enum Complexity {
    SIMPLE, MODERATE, COMPLEX
}
