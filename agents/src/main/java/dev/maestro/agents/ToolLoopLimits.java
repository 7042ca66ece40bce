package dev.maestro.agents;

import dev.maestro.core.Ensure;

import java.time.Duration;

/**
 * Bounds of an agent's tool loop in one turn.
 *
 * @param maxIterations model rounds that may ask for tools; then the model is asked to answer without them (default 8)
 * @param perCall       time one tool call may take (default 30 s)
 * @param perTurn       time all tool calls of the turn may take together, model calls included (default 120 s)
 * @since 0.1
 */
public record ToolLoopLimits(int maxIterations, Duration perCall, Duration perTurn) {

    public static final int DEFAULT_MAX_ITERATIONS = 8;
    public static final Duration DEFAULT_PER_CALL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PER_TURN = Duration.ofSeconds(120);
    public static final ToolLoopLimits DEFAULTS = new ToolLoopLimits(DEFAULT_MAX_ITERATIONS, DEFAULT_PER_CALL, DEFAULT_PER_TURN);

    public ToolLoopLimits {
        Ensure.positive(maxIterations, "maxIterations");
        Ensure.notNull(perCall, "perCall");
        Ensure.notNull(perTurn, "perTurn");
        if (perCall.isNegative() || perCall.isZero() || perTurn.isNegative() || perTurn.isZero()) {
            throw new IllegalArgumentException("perCall and perTurn must be > 0, were " + perCall + " and " + perTurn);
        }
    }
}
