package dev.maestro.workflows;

import dev.maestro.core.ConfigException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A workflow file that does not validate; carries every error, each with its line and column.
 *
 * @since 0.1
 */
public final class WorkflowException extends ConfigException {

    private final String origin;
    private final transient List<WorkflowError> errors;

    public WorkflowException(String origin, List<WorkflowError> errors) {
        super(errors.size() + " error" + (errors.size() == 1 ? "" : "s") + " in workflow " + origin + ":\n"
                + errors.stream().map(e -> e.format(origin)).collect(Collectors.joining("\n")));
        this.origin = origin;
        this.errors = List.copyOf(errors);
    }

    public String origin() {
        return origin;
    }

    public List<WorkflowError> errors() {
        return errors;
    }
}
