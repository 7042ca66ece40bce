package dev.maestro.testkit;

import dev.maestro.core.db.DatabaseSettings;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.Driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL server tests run against: {@value #URL_ENV} (a JDBC URL to an admin database; user and password
 * may be URL parameters), else {@value #DEFAULT_URL} as user {@value #DEFAULT_USER}. Creates and drops databases
 * and decides what an unreachable server means: a skip locally, a failure when {@code CI=true}.
 *
 * @see PostgresDatabase
 */
public final class PostgresServer {

    public static final String URL_ENV = "MAESTRO_TEST_DB_URL";
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String DEFAULT_USER = "postgres";

    private final DatabaseSettings admin;
    private final boolean failWhenUnreachable;

    private PostgresServer(DatabaseSettings admin, boolean failWhenUnreachable) {
        this.admin = admin;
        this.failWhenUnreachable = failWhenUnreachable;
    }

    /** The server named by {@value #URL_ENV}, or the default; fails instead of skipping when {@code CI=true}. */
    public static PostgresServer fromEnvironment() {
        return from(System.getenv());
    }

    static PostgresServer from(Map<String, String> env) {
        String url = env.getOrDefault(URL_ENV, "");
        return at(url.isBlank() ? DEFAULT_URL : url, "true".equalsIgnoreCase(env.get("CI")));
    }

    /** A server reached through {@code adminUrl}; {@code failWhenUnreachable} replaces the skip by a failure. */
    public static PostgresServer at(String adminUrl, boolean failWhenUnreachable) {
        Properties params = Driver.parseURL(adminUrl, null);
        String user = params == null ? DEFAULT_USER : params.getProperty("user", DEFAULT_USER);
        String password = params == null ? "" : params.getProperty("password", "");
        return new PostgresServer(DatabaseSettings.of(adminUrl, user, password), failWhenUnreachable);
    }

    /** A fresh, unused database name: {@code t_} and 16 hex digits. */
    public static String randomDatabaseName() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** {@code host:port}. */
    public String server() {
        return admin.server();
    }

    public String user() {
        return admin.effectiveUser();
    }

    public String password() {
        return admin.password();
    }

    /** The JDBC URL of another database on this server (the admin URL's parameters are kept). */
    public String jdbcUrl(String database) {
        return admin.withDatabase(database).url();
    }

    /** Settings for a database on this server, with this server's user and password. */
    public DatabaseSettings settings(String database) {
        return admin.withDatabase(database);
    }

    /**
     * Returns when the server answers. Otherwise aborts the calling test (it shows as skipped) with a message saying
     * how to start PostgreSQL, or, when {@code CI=true}, fails it: a missing server never looks like a green build.
     * A server that answers but refuses the login fails in both cases.
     */
    public void requireReachable() {
        try {
            open(admin).close();
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (!state.startsWith("08") && !state.equals("57P03")) {
                Assertions.fail("PostgreSQL at " + admin.endpoint() + " answered but cannot be used as user '" + user() + "': "
                        + e.getMessage() + " (SQLState " + state + "); fix " + URL_ENV + " (user and password may be URL parameters)", e);
            }
            String message = "PostgreSQL is not reachable at " + admin.endpoint() + " (" + e.getMessage() + "). Start it with"
                    + " `bash scripts/postgres-local.sh` (installs pgvector too) or set " + URL_ENV + " to an admin database"
                    + " of a server with pgvector, e.g. jdbc:postgresql://host:5432/postgres?user=postgres&password=...";
            if (failWhenUnreachable) {
                Assertions.fail(message + ". Failing because CI=true.", e);
            }
            Assumptions.abort(message + ". Skipping (tests fail instead when CI=true).");
        }
    }

    public void createDatabase(String name) {
        execute("CREATE DATABASE " + quote(name), "creating database " + name);
    }

    /** Drops the database even while connections to it are open. */
    public void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)", "dropping database " + name);
    }

    private void execute(String sql, String what) {
        try (Connection c = open(admin); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(what + " on " + admin.server() + " failed: " + e.getMessage(), e);
        }
    }

    private static Connection open(DatabaseSettings settings) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", settings.effectiveUser());
        if (!settings.password().isEmpty()) {
            props.setProperty("password", settings.password());
        }
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        return new Driver().connect(settings.url(), props);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String toString() {
        return "PostgresServer[" + admin.endpoint() + ", user=" + user() + "]";
    }
}
