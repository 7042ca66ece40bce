package dev.maestro;

import dev.maestro.core.config.AppConfig;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;
import dev.maestro.core.db.Database;
import dev.maestro.core.db.DatabaseSettings;

import java.io.PrintStream;

/**
 * How the app reaches its database: {@code db.url} (MAESTRO_DB_URL), or the local server's {@value #LOCAL_URL}
 * that {@code maestro db up} sets up, with {@code db.user}, {@code db.password} and {@code db.pool-size}.
 */
final class LocalDatabase {

    /** The database used when {@code db.url} is empty. */
    public static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/maestro";

    private LocalDatabase() {
    }

    /** The effective settings: {@code db.url}, or {@link #LOCAL_URL} when it is empty. */
    public static DatabaseSettings settingsFor(AppConfig config) {
        return settingsFor(config, LOCAL_URL);
    }

    static DatabaseSettings settingsFor(AppConfig config, String localUrl) {
        String url = config.dbUrl().isEmpty() ? localUrl : config.dbUrl();
        return new DatabaseSettings(url, config.dbUser(), config.dbPassword(), config.dbPoolSize());
    }

    /**
     * Connects and checks that pgvector is installed and no migration is pending. The caller closes the result.
     *
     * @throws DatabaseException when the database is unreachable or not ready (the message says to run {@code maestro db up})
     */
    public static Database openReady(AppConfig config) {
        Database db = Database.connect(settingsFor(config));
        try {
            db.checkReady();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Like {@link #openReady(AppConfig)}, but when {@code db.url} is empty and the local database is not ready yet,
     * sets it up first (what {@code maestro db up} does), telling the user on {@code err}. A configured
     * {@code db.url} is never set up implicitly: its errors propagate.
     */
    public static Database openReady(AppConfig config, PrintStream err) {
        Ensure.notNull(err, "err");
        if (!config.dbUrl().isEmpty()) {
            return openReady(config);
        }
        try {
            return openReady(config);
        } catch (DatabaseException notReady) {
            err.println("maestro: preparing the local database (first run)…");
            DatabaseSetup.builder().config(config).err(err).build().up();
            return openReady(config);
        }
    }
}
