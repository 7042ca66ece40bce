package dev.maestro.core.usage;

import dev.maestro.core.MaestroException;

import java.time.Instant;

/**
 * A tenant used up a daily budget: the message says which limit, how much was used, and when it resets.
 *
 * @since 0.1
 */
public final class BudgetExceededException extends MaestroException {

    private final String tenant;
    private final Instant resetsAt;

    public BudgetExceededException(String tenant, String message, Instant resetsAt) {
        super(message);
        this.tenant = tenant;
        this.resetsAt = resetsAt;
    }

    public String tenant() {
        return tenant;
    }

    /** The next midnight UTC, when the day's usage starts again from zero. */
    public Instant resetsAt() {
        return resetsAt;
    }
}
