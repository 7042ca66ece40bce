package dev.maestro.cli;

import dev.maestro.MaestroDatabase;
import dev.maestro.core.db.Database;
import dev.maestro.core.db.DatabaseStatus;
import dev.maestro.core.db.MigrationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.Map;

/** {@code maestro db up} and {@code maestro db status}. Failures are DatabaseExceptions: exit code 4, one line. */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = "Set up and inspect the PostgreSQL + pgvector database.",
        subcommands = {DbCommand.Up.class, DbCommand.Status.class})
final class DbCommand implements Runnable {

    @ParentCommand
    MaestroCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: up or status (see maestro db --help).");
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Make the database ready, idempotently: with db.url empty, start the local PostgreSQL and install pgvector"
                    + " (scripts/postgres-local.sh), create database maestro; then create the vector extension and apply migrations."})
    static final class Up implements Runnable {

        @ParentCommand
        DbCommand parent;

        @Override
        public void run() {
            CliContext context = parent.root.context();
            MaestroDatabase.Ready result = MaestroDatabase.up(context.config(), context.err());
            PrintStream out = context.out();
            if (result.created()) {
                out.println("Created database " + result.endpoint() + ".");
            }
            DatabaseStatus status = result.status();
            MigrationReport migration = result.migration();
            String applied = migration.applied() == 0 ? "no migrations pending"
                    : migration.applied() + (migration.applied() == 1 ? " migration applied" : " migrations applied");
            out.println("Database ready: PostgreSQL " + status.serverVersion() + ", pgvector " + status.pgvectorVersion()
                    + ", schema version " + migration.schemaVersion() + " (" + applied + ")");
            if (status.autovacuumAdvice() != null) {
                context.err().println("maestro: warning: " + status.autovacuumAdvice());
            }
            if (result.dockerUrl() != null) {
                out.println("PostgreSQL runs in Docker; for the other maestro commands set: export MAESTRO_DB_URL='" + result.dockerUrl() + "'");
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Print the PostgreSQL and pgvector versions, the schema version and row counts; exit 4 when not ready.")
    static final class Status implements Runnable {

        @ParentCommand
        DbCommand parent;

        @Override
        public void run() {
            CliContext context = parent.root.context();
            PrintStream out = context.out();
            try (Database db = MaestroDatabase.connect(context.config())) {
                DatabaseStatus status = db.status();
                out.printf("%-14s %s%n", "Database", db.settings().endpoint());
                out.printf("%-14s %s%n", "PostgreSQL", status.serverVersion());
                out.printf("%-14s %s%n", "pgvector", status.pgvectorVersion() == null ? "not installed in this database" : status.pgvectorVersion());
                out.printf("%-14s %s (%s)%n", "Schema", status.schemaVersion() == null ? "none" : "version " + status.schemaVersion(),
                        status.pendingMigrations() == 0 ? "no migrations pending" : status.pendingMigrations() + " pending");
                out.printf("%-14s %s%n", "Autovacuum", status.autovacuum() ? "on" : "off — " + status.autovacuumAdvice());
                out.println("Rows");
                int width = status.rowCounts().keySet().stream().mapToInt(String::length).max().orElse(0);
                for (Map.Entry<String, Long> e : status.rowCounts().entrySet()) {
                    out.printf("  %-" + width + "s  %d%n", e.getKey(), e.getValue());
                }
                if (!status.ready()) {
                    db.checkReady(); // throws, saying what is missing: exit code 4
                }
            }
        }
    }
}
