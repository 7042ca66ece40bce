package dev.maestro.workflows;

/**
 * One problem found in a workflow file, at the node it is about.
 *
 * @since 0.1
 */
public record WorkflowError(Location location, String message) implements Comparable<WorkflowError> {

    /** The compiler-style line {@code file:line:col: message}. */
    public String format(String file) {
        return file + ":" + location.line() + ":" + location.column() + ": " + message;
    }

    @Override
    public int compareTo(WorkflowError o) {
        int c = Integer.compare(location.line(), o.location.line());
        c = c != 0 ? c : Integer.compare(location.column(), o.location.column());
        return c != 0 ? c : message.compareTo(o.message);
    }
}
