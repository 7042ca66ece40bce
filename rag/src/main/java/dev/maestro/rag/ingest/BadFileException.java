package dev.maestro.rag.ingest;

import dev.maestro.core.MaestroException;

/** A file that cannot be ingested (binary, unreadable, too big, malformed); reported and skipped. */
final class BadFileException extends MaestroException {

    BadFileException(String message) {
        super(message);
    }

    BadFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
