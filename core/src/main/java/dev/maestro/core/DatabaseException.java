package dev.maestro.core;

/**
 * PostgreSQL could not be used: unreachable, missing pgvector, or not migrated.
 *
 * @since 0.1
 */
public class DatabaseException extends MaestroException {

    public DatabaseException(String message) {
        super(message);
    }

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
