package dev.maestro;

import dev.maestro.core.config.AppConfig;
import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;
import dev.maestro.core.db.Database;
import dev.maestro.core.db.DatabaseSettings;
import dev.maestro.core.db.DatabaseStatus;
import dev.maestro.core.db.MigrationReport;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code maestro db up}: makes the database usable, idempotently.
 * <ol>
 *   <li>With {@code db.url} set, uses that server as it is.</li>
 *   <li>Otherwise runs {@value #SCRIPT} (which starts the local PostgreSQL and installs pgvector, or starts a Docker
 *       container and prints {@code MAESTRO_DB_URL=...}), then uses the URL it printed or {@link LocalDatabase#LOCAL_URL}.</li>
 * </ol>
 * Then it creates the database if missing, creates the pgvector extension and applies pending migrations.
 * A second run changes nothing.
 */
final class DatabaseSetup {

    /** The set-up script, relative to the repository root. */
    public static final String SCRIPT = "scripts/postgres-local.sh";
    /** System property the launcher sets to the repository root. */
    public static final String HOME_PROPERTY = "maestro.home";

    private final AppConfig config;
    private final String localUrl;
    private final Path script;
    private final PrintStream err;

    private DatabaseSetup(Builder builder) {
        this.config = Ensure.notNull(builder.config, "config");
        this.err = Ensure.notNull(builder.err, "err");
        this.localUrl = builder.localUrl == null ? LocalDatabase.LOCAL_URL : builder.localUrl;
        this.script = builder.script;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What {@link #up()} did and the state it left.
     *
     * @param dockerUrl the URL printed by the script when it started a Docker container (it carries that container's
     *                  password), else null
     */
    public record Result(String endpoint, boolean created, MigrationReport migration, DatabaseStatus status, String dockerUrl) {

        @Override
        public String toString() {
            return "Result[endpoint=" + endpoint + ", created=" + created + ", migration=" + migration + ", status=" + status
                    + ", dockerUrl=" + (dockerUrl == null ? null : DatabaseSettings.of(dockerUrl, "", "").maskedUrl()) + "]";
        }
    }

    /**
     * @throws DatabaseException when the script fails, the server is unreachable, or the database cannot be set up
     */
    public Result up() {
        DatabaseSettings settings;
        String dockerUrl = null;
        if (!config.dbUrl().isEmpty()) {
            settings = LocalDatabase.settingsFor(config);
        } else {
            dockerUrl = new SetupScript(resolveScript(), err).run().orElse(null);
            settings = LocalDatabase.settingsFor(config, dockerUrl == null ? localUrl : dockerUrl);
        }
        boolean created = Database.createIfMissing(settings);
        try (Database db = Database.connect(settings)) {
            db.ensureVectorExtension();
            MigrationReport migration = db.migrate();
            return new Result(settings.endpoint(), created, migration, db.status(), dockerUrl);
        }
    }

    /** The injected script, else {@code $maestro.home/scripts/...}, else {@code ./scripts/...}; null when none exists. */
    private Path resolveScript() {
        if (script != null) {
            return script;
        }
        String home = System.getProperty(HOME_PROPERTY);
        Path candidate = home == null || home.isBlank() ? Path.of("").toAbsolutePath().resolve(SCRIPT) : Path.of(home).resolve(SCRIPT);
        if (Files.isRegularFile(candidate)) {
            return candidate;
        }
        err.println("maestro: " + candidate + " not found (set -D" + HOME_PROPERTY + " to the repository root, or run from it);"
                + " assuming PostgreSQL with pgvector already runs on 127.0.0.1:5432");
        return null;
    }

    public static final class Builder {

        private AppConfig config;
        private PrintStream err;
        private String localUrl;
        private Path script;

        private Builder() {
        }

        public Builder config(AppConfig config) {
            this.config = config;
            return this;
        }

        /** Where the script's diagnostics and warnings go (the user's stderr). */
        public Builder err(PrintStream err) {
            this.err = err;
            return this;
        }

        /** The database to use when {@code db.url} is empty; defaults to {@link LocalDatabase#LOCAL_URL}. */
        public Builder localUrl(String localUrl) {
            this.localUrl = localUrl;
            return this;
        }

        /** The set-up script; defaults to {@value #SCRIPT} under {@code maestro.home} or the working directory. */
        public Builder script(Path script) {
            this.script = script;
            return this;
        }

        public DatabaseSetup build() {
            return new DatabaseSetup(this);
        }
    }
}
