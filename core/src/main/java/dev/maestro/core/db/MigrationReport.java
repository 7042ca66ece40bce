package dev.maestro.core.db;

import dev.maestro.core.Ensure;

/**
 * What {@link Database#migrate()} did.
 *
 * @param applied       migrations applied by this call (0 when the schema was up to date)
 * @param schemaVersion the schema version afterwards, e.g. {@code "1"}; null when no migration has ever run
 * @since 0.1
 */
public record MigrationReport(int applied, String schemaVersion) {

    public MigrationReport {
        Ensure.notNegative(applied, "applied");
    }
}
