package dev.maestro.graph;

/**
 * Receives a run's events as they happen, on whichever thread produced them (tokens arrive on the provider's
 * thread, parallel branches on pool threads): implementations must be thread-safe and quick.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface RunListener {

    RunListener NONE = event -> { };

    void onEvent(RunEvent event);
}
