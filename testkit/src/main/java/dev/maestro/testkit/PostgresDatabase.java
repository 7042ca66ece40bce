package dev.maestro.testkit;

import dev.maestro.core.db.Database;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sql.DataSource;

/**
 * A fresh PostgreSQL database per test class, with pgvector and Maestro's migrations, dropped afterwards.
 *
 * <pre>{@code
 * class MemoryStoreIT {
 *     @RegisterExtension
 *     static final PostgresDatabase db = new PostgresDatabase();
 *
 *     @Test
 *     void stores() {
 *         var store = new JdbcMemoryStore(db.dataSource());
 *         ...
 *     }
 * }
 * }</pre>
 *
 * The server comes from {@link PostgresServer#fromEnvironment()} ({@code MAESTRO_TEST_DB_URL}, else
 * {@code 127.0.0.1:5432} as {@code postgres}). The database is called {@code t_<random>}; the extension and the
 * migrations run through core's {@link Database}, exactly as {@code maestro db up} runs them. When the server
 * cannot be reached the class is skipped with a message, or fails when {@code CI=true}; it never silently passes.
 * Register it on a {@code static} field; nested classes share the outer class's database.
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback {

    private final boolean migrated;
    private PostgresServer server;
    private String name;
    private Database database;
    private String owner;

    /** A database with the pgvector extension and every migration applied. */
    public PostgresDatabase() {
        this(true);
    }

    private PostgresDatabase(boolean migrated) {
        this.migrated = migrated;
    }

    /** A database with neither the pgvector extension nor any migration, for tests of set-up and readiness. */
    public static PostgresDatabase empty() {
        return new PostgresDatabase(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (owner != null) {
            return; // a @Nested class: keep the outer class's database
        }
        PostgresServer candidate = PostgresServer.fromEnvironment();
        candidate.requireReachable();
        String candidateName = PostgresServer.randomDatabaseName();
        candidate.createDatabase(candidateName);
        Database opened = null;
        try {
            opened = Database.connect(candidate.settings(candidateName).withPoolSize(2));
            if (migrated) {
                opened.ensureVectorExtension();
                opened.migrate();
            }
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            candidate.dropDatabase(candidateName);
            throw e;
        }
        server = candidate;
        name = candidateName;
        database = opened;
        owner = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (owner == null || !owner.equals(context.getUniqueId())) {
            return;
        }
        try {
            database.close();
        } finally {
            server.dropDatabase(name);
            owner = null;
            database = null;
        }
    }

    /** The pooled data source of the test database. */
    public DataSource dataSource() {
        return database().dataSource();
    }

    /** Core's {@link Database} for the test database (the same object the app would use). */
    public Database database() {
        if (database == null) {
            throw new IllegalStateException("PostgresDatabase is not running: register it with @RegisterExtension on a static field"
                    + " and use it only while the test class that registers it runs (its database is dropped after that class)");
        }
        return database;
    }

    public String jdbcUrl() {
        return database().settings().url();
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    public String databaseName() {
        database();
        return name;
    }

    /** The server the database lives on, to create or drop further databases. */
    public PostgresServer server() {
        database();
        return server;
    }
}
