package dev.maestro.core;

/** A request that cannot be served as given: empty, oversized or malformed input. */
public class InvalidInputException extends MaestroException {

    public InvalidInputException(String message) {
        super(message);
    }
}
