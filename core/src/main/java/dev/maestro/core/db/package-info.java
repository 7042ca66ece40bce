/**
 * Maestro's PostgreSQL database: settings, a pooled {@link dev.maestro.core.db.Database} with the pgvector extension
 * and Flyway migrations ({@code db/migration/V<n>__<what>.sql}), and the {@link dev.maestro.core.db.RunLog}.
 *
 * <pre>{@code
 * DatabaseSettings settings = DatabaseSettings.of("jdbc:postgresql://127.0.0.1:5432/maestro", "postgres", "");
 * Database.createIfMissing(settings);
 * try (Database db = Database.connect(settings)) {
 *     db.ensureVectorExtension();          // before migrations: may need a superuser
 *     MigrationReport report = db.migrate();
 *     new RunLog(db.dataSource()).record(RunRecord.ok(UUID.randomUUID(), "ollama", "llama3.2", 12, 40, 830));
 * }
 * }</pre>
 *
 * Errors are {@link dev.maestro.core.DatabaseException}s mapped from SQLStates in one place; their messages say what
 * to do and never contain a password.
 */
package dev.maestro.core.db;
