package dev.maestro.spring;

import dev.maestro.Maestro;
import dev.maestro.core.db.Database;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * UP when Maestro's database answers, has pgvector and no pending migration; DOWN with what is wrong otherwise.
 * Details name the database as {@code host:port/name} and never carry a user, a password or URL parameters.
 *
 * @since 0.1
 */
public final class MaestroHealthIndicator extends AbstractHealthIndicator {

    private final Maestro maestro;

    public MaestroHealthIndicator(Maestro maestro) {
        super("Maestro health check failed");
        this.maestro = maestro;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Database database = maestro.database();
        builder.withDetail("database", database.settings().endpoint());
        try {
            database.checkReady();
            builder.up();
        } catch (RuntimeException e) {
            // DatabaseException messages say what to do and never contain a password
            builder.down().withDetail("error", String.valueOf(e.getMessage()));
        }
    }
}
