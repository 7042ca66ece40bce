package dev.maestro.tools;

import dev.maestro.core.MaestroException;

/**
 * A tool call that could not be done, with a message for the model (and the operator) saying why and what to change.
 * Inside a tool loop it becomes an error result; the turn goes on.
 *
 * @since 0.1
 */
public class ToolException extends MaestroException {

    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
