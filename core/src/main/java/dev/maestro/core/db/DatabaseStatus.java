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
 * @param autovacuum        whether the server's autovacuum runs: without it, tables Maestro prunes (checkpoints) keep
 *                          their dead rows until someone runs VACUUM, and every turn reads past them
 * @since 0.1
 */
public record DatabaseStatus(String serverVersion, String pgvectorVersion, String schemaVersion, int pendingMigrations,
                             Map<String, Long> rowCounts, boolean autovacuum) {

    /** What to do when autovacuum is off. */
    public static final String AUTOVACUUM_OFF = "PostgreSQL's autovacuum is off: graph_checkpoints (pruned every turn) keeps"
            + " its dead rows and turns slow down as they pile up. Turn it on (autovacuum = on in postgresql.conf), or run"
            + " VACUUM ANALYZE regularly.";

    /** {@link #AUTOVACUUM_OFF} when autovacuum is off; null when it is on. */
    public String autovacuumAdvice() {
        return autovacuum ? null : AUTOVACUUM_OFF;
    }

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
