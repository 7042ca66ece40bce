package dev.maestro.core.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.Driver;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maestro's PostgreSQL database: a HikariCP pool plus the pgvector extension and Flyway migrations.
 * Every failure is a {@link DatabaseException} whose message says what to do; none contains a password.
 *
 * <pre>{@code
 * try (Database db = Database.connect(DatabaseSettings.of("jdbc:postgresql://127.0.0.1:5432/maestro", "postgres", ""))) {
 *     db.ensureVectorExtension();
 *     db.migrate();
 *     DataSource ds = db.dataSource();
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class Database implements AutoCloseable {

    public static final String POOL_NAME = "maestro";
    /** How long to wait for a pooled connection (defaults to 5 s). */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(DatabaseSettings.CONNECT_TIMEOUT_SECONDS);
    /** The database {@link #createIfMissing} connects to in order to create another one. */
    public static final String ADMIN_DATABASE = "postgres";

    private static final Driver DRIVER = new Driver();
    private static final String VECTOR_DOCS = "https://github.com/pgvector/pgvector#installation";

    private final DatabaseSettings settings;
    private final DataSource direct;
    /** The application's own pool when {@link #using} made this; never closed here. */
    private final DataSource external;
    private HikariDataSource pool;
    private Flyway flyway;
    private boolean closed;

    private Database(DatabaseSettings settings) {
        this.settings = settings;
        this.direct = new DirectDataSource(settings);
        this.external = null;
    }

    private Database(DatabaseSettings settings, DataSource external) {
        this.settings = settings;
        this.direct = external;
        this.external = external;
    }

    /**
     * A database on a pool the application owns (Spring's, say): set-up work and {@link #dataSource()} use it, and
     * {@link #close()} leaves it open. The settings (for messages) are read from one connection's metadata.
     *
     * @throws DatabaseException when no connection can be had from it, or it is not PostgreSQL
     */
    public static Database using(DataSource dataSource) {
        Ensure.notNull(dataSource, "dataSource");
        try (Connection c = dataSource.getConnection()) {
            String url = c.getMetaData().getURL();
            if (url == null || !url.startsWith("jdbc:postgresql:")) {
                throw new DatabaseException("The DataSource given to Maestro connects to " + c.getMetaData().getDatabaseProductName()
                        + " (" + url + "), not PostgreSQL; Maestro needs PostgreSQL with pgvector.");
            }
            return new Database(new DatabaseSettings(url, c.getMetaData().getUserName(), "", 1), dataSource);
        } catch (SQLException e) {
            throw new DatabaseException("Cannot get a connection from the DataSource given to Maestro: " + e.getMessage()
                    + " — check that PostgreSQL is running and the pool's URL and credentials are right.", e);
        }
    }

    /**
     * Checks the server with one direct connection, so an unreachable server, a missing database or a refused login
     * fails at once with a clear message (and without HikariCP's stack trace in the log). The pool itself starts on
     * the first call of {@link #dataSource()}; set-up work ({@link #ensureVectorExtension()}, {@link #migrate()},
     * {@link #checkReady()}, {@link #status()}) uses direct connections, so short CLI commands stay fast.
     *
     * @throws DatabaseException when the server is unreachable, the database does not exist or the login is refused
     */
    public static Database connect(DatabaseSettings settings) {
        Ensure.notNull(settings, "settings");
        try {
            open(settings).close();
        } catch (SQLException e) {
            throw SqlErrors.translate(e, settings, "connecting");
        }
        return new Database(settings);
    }

    /**
     * Creates the database named in {@code settings} when it does not exist, connecting to {@value #ADMIN_DATABASE}
     * on the same server with the same credentials.
     *
     * @return true when it was created, false when it already existed
     * @throws DatabaseException when the server is unreachable or the user may not create databases
     */
    public static boolean createIfMissing(DatabaseSettings settings) {
        Ensure.notNull(settings, "settings");
        try {
            open(settings).close();
            return false;
        } catch (SQLException e) {
            if (!SqlErrors.MISSING_DATABASE.equals(e.getSQLState())) {
                throw SqlErrors.translate(e, settings, "connecting");
            }
        }
        String name = settings.databaseName();
        DatabaseSettings admin = settings.withDatabase(ADMIN_DATABASE);
        String create = "CREATE DATABASE " + quote(name);
        try (Connection c = open(admin); Statement st = c.createStatement()) {
            st.execute(create);
            return true;
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (SqlErrors.DUPLICATE_DATABASE.equals(state)) {
                return false; // created concurrently
            }
            if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(state)) {
                throw new DatabaseException("Database " + name + " does not exist on " + settings.server() + " and user '"
                        + admin.effectiveUser() + "' may not create it; a superuser must run: " + create
                        + " OWNER " + quote(admin.effectiveUser()) + ";", e);
            }
            if (SqlErrors.MISSING_DATABASE.equals(state)) {
                throw new DatabaseException("Database " + name + " does not exist on " + settings.server()
                        + ", and neither does the admin database " + ADMIN_DATABASE + " needed to create it; run: " + create + ";", e);
            }
            throw SqlErrors.translate(e, admin, "creating database " + name);
        }
    }

    /**
     * The connection pool (HikariCP, pool name {@value #POOL_NAME}, at most {@link DatabaseSettings#poolSize()}
     * connections, {@link #CONNECTION_TIMEOUT} to get one), started on the first call.
     *
     * @throws DatabaseException when the pool cannot start
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized DataSource dataSource() {
        if (closed) {
            throw new IllegalStateException("Database " + settings.endpoint() + " is closed");
        }
        if (external != null) {
            return external;
        }
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setPoolName(POOL_NAME);
            config.setDriverClassName(Driver.class.getName());
            config.setJdbcUrl(settings.url());
            config.setDataSourceProperties(settings.connectionProperties());
            config.setMaximumPoolSize(settings.poolSize());
            config.setMinimumIdle(1);
            config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
            try {
                pool = new HikariDataSource(config);
            } catch (RuntimeException e) {
                throw SqlErrors.translate(e, settings, "opening the connection pool");
            }
        }
        return pool;
    }

    public DatabaseSettings settings() {
        return settings;
    }

    /**
     * Creates the pgvector extension in this database unless it exists.
     *
     * @throws DatabaseException naming the statement a superuser must run when the user lacks the privilege,
     *                           or saying pgvector is not installed when the server does not have it
     */
    public void ensureVectorExtension() {
        String create = "CREATE EXTENSION IF NOT EXISTS " + Schema.VECTOR_EXTENSION;
        try (Connection c = direct.getConnection()) {
            if (vectorVersion(c) != null) {
                return;
            }
            try (Statement st = c.createStatement()) {
                st.execute(create);
            }
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (SqlErrors.INSUFFICIENT_PRIVILEGE.equals(state)) {
                throw new DatabaseException("User '" + settings.effectiveUser() + "' may not create the pgvector extension in database "
                        + settings.databaseName() + " on " + settings.server() + "; a superuser must run, in database "
                        + settings.databaseName() + ": " + create + ";", e);
            }
            if (SqlErrors.FEATURE_NOT_SUPPORTED.equals(state) || SqlErrors.UNDEFINED_FILE.equals(state)) {
                throw new DatabaseException("pgvector is not installed on the PostgreSQL server at " + settings.server()
                        + " (" + SqlErrors.serverMessage(e) + ") — run `./maestro db up` on the server's machine, or install pgvector: "
                        + VECTOR_DOCS, e);
            }
            throw SqlErrors.translate(e, settings, "creating the pgvector extension");
        }
    }

    /** Applies pending migrations from {@value Schema#MIGRATIONS_LOCATION}; a no-op when the schema is current. */
    public MigrationReport migrate() {
        MigrationState state = fastState();
        if (state != null && state.pending() == 0) {
            return new MigrationReport(0, state.version());
        }
        try {
            MigrateResult result = flyway().migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            return new MigrationReport(result.migrationsExecuted, version);
        } catch (FlywayValidateException e) {
            throw new DatabaseException("The migrations applied to " + settings.endpoint() + " do not match this build's ("
                    + validationDetails(e) + ") — an applied migration file was changed: restore it and put the change in a new"
                    + " V<n>__ migration, or, for a disposable database, drop it and run `./maestro db up`", e);
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e, settings, "migrating");
        }
    }

    /**
     * Checks that pgvector is installed and no migration is pending.
     *
     * @throws DatabaseException "not ready", saying what is missing and to run {@code ./maestro db up}
     */
    public void checkReady() {
        String vector;
        MigrationState state;
        try (Connection c = direct.getConnection()) {
            vector = vectorVersion(c);
            state = MigrationState.read(c);
        } catch (SQLException e) {
            throw SqlErrors.translate(e, settings, "checking the pgvector extension and the migrations");
        }
        state = state != null ? state : flywayState();
        List<String> problems = new ArrayList<>();
        if (vector == null) {
            problems.add("the pgvector extension is not installed in it");
        }
        if (state.pending() > 0) {
            problems.add(state.pending() + (state.pending() == 1 ? " migration is" : " migrations are") + " pending (schema version "
                    + Objects.requireNonNullElse(state.version(), "none") + ", latest " + latestVersion() + ")");
        }
        if (!problems.isEmpty()) {
            throw new DatabaseException("Database " + settings.endpoint() + " is not ready: " + String.join(" and ", problems)
                    + " — " + SqlErrors.DB_UP);
        }
    }

    /** Versions, migration level and row counts of the {@linkplain Schema#MAIN_TABLES main tables}. */
    public DatabaseStatus status() {
        String server;
        String vector;
        MigrationState state;
        Map<String, Long> counts = new LinkedHashMap<>();
        boolean autovacuum;
        try (Connection c = direct.getConnection()) {
            server = c.getMetaData().getDatabaseProductVersion().split(" ", 2)[0];
            autovacuum = autovacuum(c);
            vector = vectorVersion(c);
            state = MigrationState.read(c);
            for (String table : Schema.MAIN_TABLES) {
                if (exists(c, table)) {
                    counts.put(table, count(c, table));
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e, settings, "reading the database status");
        }
        state = state != null ? state : flywayState();
        return new DatabaseStatus(server, vector, state.version(), state.pending(), counts, autovacuum);
    }

    /** Closes the pool, if it was started. */
    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
        }
    }

    static Connection open(DatabaseSettings settings) throws SQLException {
        Connection c = DRIVER.connect(settings.url(), settings.connectionProperties());
        if (c == null) {
            throw new SQLException("The PostgreSQL driver does not accept the URL of " + settings.endpoint());
        }
        return c;
    }

    /** Schema version and pending count from Flyway, for when {@link MigrationState#read} cannot be certain. */
    private MigrationState flywayState() {
        MigrationInfoService info = info();
        return new MigrationState(versionOf(info.current()), info.pending().length);
    }

    private MigrationState fastState() {
        try (Connection c = direct.getConnection()) {
            return MigrationState.read(c);
        } catch (SQLException e) {
            throw SqlErrors.translate(e, settings, "reading the migration history");
        }
    }

    private String latestVersion() {
        String known = MigrationState.latestAvailable();
        if (known != null) {
            return known;
        }
        MigrationInfo[] all = info().all();
        return all.length == 0 ? "none" : Objects.requireNonNullElse(versionOf(all[all.length - 1]), "none");
    }

    private MigrationInfoService info() {
        try {
            return flyway().info();
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e, settings, "reading the migration history");
        }
    }

    /** Flyway on direct connections, created on first use: its start-up costs about half a second. */
    private synchronized Flyway flyway() {
        if (flyway == null) {
            try {
                flyway = Flyway.configure(Database.class.getClassLoader())
                        .dataSource(direct)
                        .locations(Schema.MIGRATIONS_LOCATION)
                        .failOnMissingLocations(true)
                        .validateMigrationNaming(true)
                        .load();
            } catch (RuntimeException e) {
                throw SqlErrors.translate(e, settings, "configuring migrations");
            }
        }
        return flyway;
    }

    /** Flyway's multi-line validation message as one line, without its advertising. */
    private static String validationDetails(FlywayValidateException e) {
        List<String> lines = new ArrayList<>();
        for (String line : String.valueOf(e.getMessage()).split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("Validate failed") && !t.startsWith("Need more flexibility")
                    && !t.startsWith("Either revert the changes")) {
                lines.add(t.startsWith("->") ? t.substring(2).strip() : t);
            }
        }
        return String.join("; ", lines);
    }

    private static String versionOf(MigrationInfo info) {
        return info == null || info.getVersion() == null ? null : info.getVersion().getVersion();
    }

    /** Whether the server's autovacuum runs (see {@link DatabaseStatus#AUTOVACUUM_OFF}); cheaper than {@link #status()}. */
    public boolean autovacuum() {
        try (Connection c = direct.getConnection()) {
            return autovacuum(c);
        } catch (SQLException e) {
            throw SqlErrors.translate(e, settings, "reading the autovacuum setting");
        }
    }

    private static boolean autovacuum(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select current_setting('autovacuum')::boolean");
             ResultSet rs = st.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String vectorVersion(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select extversion from pg_extension where extname = ?")) {
            st.setString(1, Schema.VECTOR_EXTENSION);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select to_regclass(?) is not null")) {
            st.setString(1, quote(table));
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A PostgreSQL identifier in double quotes. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
