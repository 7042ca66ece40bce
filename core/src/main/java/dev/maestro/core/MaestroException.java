package dev.maestro.core;

/**
 * Root of Maestro's unchecked exception hierarchy. Every message says what went wrong and what to do.
 *
 * @since 0.1
 */
public class MaestroException extends RuntimeException {

    public MaestroException(String message) {
        super(message);
    }

    public MaestroException(String message, Throwable cause) {
        super(message, cause);
    }
}
