package dev.maestro.memory;

import dev.maestro.core.MaestroException;

/**
 * Memory cannot be used as asked: the embedding model does not fit the schema, a conversation belongs to another
 * user, or a background job failed for good. Database failures are {@link dev.maestro.core.DatabaseException}s.
 *
 * @since 0.1
 */
public class MemoryException extends MaestroException {

    public MemoryException(String message) {
        super(message);
    }

    public MemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
