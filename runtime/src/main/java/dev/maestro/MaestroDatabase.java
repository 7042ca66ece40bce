package dev.maestro;

import dev.maestro.core.config.AppConfig;
import dev.maestro.core.db.Database;
import dev.maestro.core.db.DatabaseStatus;
import dev.maestro.core.db.MigrationReport;

import java.io.PrintStream;

/**
 * The database of a configuration ({@code db.url}, or the local {@code maestro} database): set it up, read its
 * status, or open it without the rest of Maestro (for administration such as API keys).
 *
 * <pre>{@code
 * MaestroDatabase.Ready ready = MaestroDatabase.up(config, System.err);
 * System.out.println(ready.status().pgvectorVersion());
 * }</pre>
 *
 * @since 0.1
 */
public final class MaestroDatabase {

    private MaestroDatabase() {
    }

    /**
     * What {@link #up} did.
     *
     * @param endpoint  host, port and database
     * @param created   whether the database was created
     * @param migration the migrations applied
     * @param status    versions, schema level and row counts after set-up
     * @param dockerUrl the JDBC URL of a PostgreSQL started in Docker, when that is how it was set up; else null
     */
    public record Ready(String endpoint, boolean created, MigrationReport migration, DatabaseStatus status, String dockerUrl) {
    }

    /**
     * Makes a ready database, idempotently: with {@code db.url}, creates the database when missing, the pgvector
     * extension and the schema; without, starts and equips the local server first ({@code scripts/postgres-local.sh}).
     *
     * @throws dev.maestro.core.DatabaseException saying what could not be done and what to do instead
     */
    public static Ready up(AppConfig config, PrintStream log) {
        DatabaseSetup.Result r = DatabaseSetup.builder().config(config).err(log).build().up();
        return new Ready(r.endpoint(), r.created(), r.migration(), r.status(), r.dockerUrl());
    }

    /** Connects without checking readiness (for status reports). The caller closes it. */
    public static Database connect(AppConfig config) {
        return Database.connect(LocalDatabase.settingsFor(config));
    }

    /**
     * Connects to a ready database, setting up the local default one first when needed (telling {@code log}). The
     * caller closes it.
     */
    public static Database openReady(AppConfig config, PrintStream log) {
        return LocalDatabase.openReady(config, log);
    }
}
