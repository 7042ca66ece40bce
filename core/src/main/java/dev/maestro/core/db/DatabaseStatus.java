package dev.maestro.core.db;

import dev.maestro.core.Ensure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot for {@code maestro db status}.
 *
 * @param serverVersion     PostgreSQL's version, e.g. {@code "15.20"}
 * @param pgvectorVersion   the installed pgvector extension's version, or null when it is not installed in this database
 * @param schemaVersion     the applied schema version, or null when no migration has run
 * @param pendingMigrations migrations not yet applied
 * @param rowCounts         rows per {@linkplain Schema#MAIN_TABLES main table}, in that order; tables that do not exist yet are absent
 * @since 0.1
 */
public record DatabaseStatus(String serverVersion, String pgvectorVersion, String schemaVersion, int pendingMigrations,
                             Map<String, Long> rowCounts) {

    public DatabaseStatus {
        Ensure.notNull(serverVersion, "serverVersion");
        Ensure.notNegative(pendingMigrations, "pendingMigrations");
        rowCounts = Collections.unmodifiableMap(new LinkedHashMap<>(Ensure.notNull(rowCounts, "rowCounts")));
    }

    /** True when pgvector is installed and no migration is pending: what {@link Database#checkReady()} requires. */
    public boolean ready() {
        return pgvectorVersion != null && pendingMigrations == 0;
    }
}
