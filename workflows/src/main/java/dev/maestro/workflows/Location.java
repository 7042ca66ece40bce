package dev.maestro.workflows;

/**
 * Where a node of a workflow file starts: 1-based line and column.
 *
 * @since 0.1
 */
public record Location(int line, int column) {

    /** For workflows built in code, or when a position is not known. */
    public static final Location UNKNOWN = new Location(0, 0);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
