package dev.maestro.workflows;

import dev.maestro.core.MaestroException;

/**
 * A workflow run that cannot go on: a step failed under {@code abort} (or a policy not built yet), a condition could
 * not be evaluated. Names the step.
 *
 * @since 0.1
 */
public final class WorkflowRunException extends MaestroException {

    public WorkflowRunException(String message) {
        super(message);
    }

    public WorkflowRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
