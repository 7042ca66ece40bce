package dev.maestro.graph;

import dev.maestro.core.MaestroException;

/** The graph could not be built or run (a wiring error, not a provider or database failure). */
public class GraphException extends MaestroException {

    public GraphException(String message, Throwable cause) {
        super(message, cause);
    }
}
