package dev.maestro.testkit;

import dev.maestro.core.DatabaseException;
import dev.maestro.core.db.Database;
import dev.maestro.core.db.DatabaseSettings;
import dev.maestro.core.db.DatabaseStatus;
import dev.maestro.core.db.MigrationReport;
import dev.maestro.core.db.RunLog;
import dev.maestro.core.db.RunRecord;
import dev.maestro.core.db.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Core's {@link Database} against a real PostgreSQL. It lives in testkit because core cannot depend on testkit
 * (testkit depends on core), and {@link PostgresDatabase} is the fixture under test as much as Database is.
 */
class DatabaseIT {

    @RegisterExtension
    static final PostgresDatabase migrated = new PostgresDatabase();

    @RegisterExtension
    static final PostgresDatabase empty = PostgresDatabase.empty();

    @Test
    void should_create_the_tables_and_the_vector_extension_on_a_fresh_database() throws SQLException {
        // then
        assertThat(strings(migrated, "select table_name from information_schema.tables where table_schema = 'public' order by 1"))
                .contains("conversations", "messages", "runs", "flyway_schema_history");
        assertThat(strings(migrated, "select extname from pg_extension")).contains("vector");
        assertThat(strings(migrated, "select indexname from pg_indexes where tablename = 'messages'"))
                .contains("messages_conversation_id_idx");
    }

    @Test
    void should_index_the_referencing_column_of_every_foreign_key_that_deletes_follow() throws SQLException {
        // a foreign key whose column leads no (full or null-excluding) index makes each delete of a parent row scan the
        // child table; rag_chunks.collection_id is left out on purpose: a collection is deleted whole, one scan
        List<String> unindexed = strings(migrated, """
                select c.conrelid::regclass || '.' || a.attname from pg_constraint c
                join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
                where c.contype = 'f' and c.connamespace = 'public'::regnamespace and not exists (
                    select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1]
                      and (i.indpred is null or pg_get_expr(i.indpred, i.indrelid) = '(' || a.attname || ' IS NOT NULL)'))
                order by 1""");

        assertThat(unindexed).containsExactly("rag_chunks.collection_id");
    }

    @Test
    void should_apply_nothing_when_migrating_twice() {
        // when
        MigrationReport again = migrated.database().migrate();

        // then
        assertThat(again.applied()).isZero();
        assertThat(again.schemaVersion()).isEqualTo(migrated.database().status().schemaVersion()).isNotNull();
        migrated.database().checkReady();
    }

    @Test
    void should_report_status_with_versions_and_row_counts() {
        // given
        new RunLog(migrated.dataSource()).record(RunRecord.ok(UUID.randomUUID(), "ollama", "llama3.2", 12, 40, 830));
        new RunLog(migrated.dataSource()).record(RunRecord.failed(UUID.randomUUID(), "openai", "gpt-4o-mini", 5, "HTTP 401"));

        // when
        DatabaseStatus status = migrated.database().status();

        // then
        assertThat(status.serverVersion()).matches("\\d+(\\.\\d+)*");
        assertThat(status.pgvectorVersion()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(status.schemaVersion()).matches("\\d+");
        assertThat(status.pendingMigrations()).isZero();
        assertThat(status.ready()).isTrue();
        assertThat(status.rowCounts()).containsAllEntriesOf(Map.of("conversations", 0L, "messages", 0L, "runs", 2L));
        assertThat(status.rowCounts().keySet()).startsWith("conversations", "messages", "runs")
                .isSubsetOf(Schema.MAIN_TABLES);
    }

    @Test
    void should_say_not_ready_and_what_to_do_on_a_database_without_migrations() {
        assertThatThrownBy(() -> empty.database().checkReady())
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("Database " + empty.database().settings().endpoint() + " is not ready")
                .hasMessageContaining("the pgvector extension is not installed in it")
                .hasMessageMatching(".* \\d+ migrations? (is|are) pending \\(schema version none, latest \\d+\\) — .*")
                .hasMessageEndingWith("run `./maestro db up`");
        assertThat(empty.database().status().ready()).isFalse();
        assertThat(empty.database().status().rowCounts()).isEmpty();
    }

    @Test
    void should_create_a_missing_database_once_then_set_it_up() {
        // given
        PostgresServer server = migrated.server();
        String name = PostgresServer.randomDatabaseName();
        DatabaseSettings settings = server.settings(name);
        try {
            assertThatThrownBy(() -> Database.connect(settings))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessage("PostgreSQL at " + server.server() + ": database " + name + " does not exist — run `./maestro db up`");

            // when
            boolean created = Database.createIfMissing(settings);
            boolean createdAgain = Database.createIfMissing(settings);

            // then
            assertThat(created).isTrue();
            assertThat(createdAgain).isFalse();
            try (Database db = Database.connect(settings)) {
                db.ensureVectorExtension();
                db.ensureVectorExtension();
                MigrationReport first = db.migrate();
                assertThat(first.applied()).isPositive();
                assertThat(db.migrate()).isEqualTo(new MigrationReport(0, first.schemaVersion()));
                db.checkReady();
            }
        } finally {
            server.dropDatabase(name);
        }
    }

    @Test
    void should_ask_flyway_when_the_history_holds_a_version_this_build_does_not_know() throws SQLException {
        // given a database migrated by a newer Maestro
        PostgresServer server = migrated.server();
        String name = PostgresServer.randomDatabaseName();
        server.createDatabase(name);
        try (Database db = Database.connect(server.settings(name))) {
            db.ensureVectorExtension();
            db.migrate();
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("insert into flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                        + " installed_by, execution_time, success) values (999, '999', 'from the future', 'SQL', 'V999__future.sql',"
                        + " 0, 'test', 0, true)");
            }

            // when
            DatabaseStatus status = db.status();

            // then
            assertThat(status.schemaVersion()).isEqualTo("999");
            assertThat(status.pendingMigrations()).isZero();
        } finally {
            server.dropDatabase(name);
        }
    }

    @Test
    void should_explain_in_one_line_when_an_applied_migration_was_changed() throws SQLException {
        // given a database whose history disagrees with the migration files, and a migration pending
        PostgresServer server = migrated.server();
        String name = PostgresServer.randomDatabaseName();
        server.createDatabase(name);
        try (Database db = Database.connect(server.settings(name))) {
            db.ensureVectorExtension();
            db.migrate();
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("update flyway_schema_history set checksum = 42 where version = '1'");
                st.execute("delete from flyway_schema_history where installed_rank = (select max(installed_rank) from flyway_schema_history)");
            }

            // when / then
            assertThatThrownBy(db::migrate)
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageStartingWith("The migrations applied to " + server.server() + "/" + name + " do not match this build's (")
                    .hasMessageContaining("Migration checksum mismatch for migration version 1")
                    .hasMessageContaining("run `./maestro db up`")
                    .hasMessageNotContaining("\n");
        } finally {
            server.dropDatabase(name);
        }
    }

    @Test
    void should_name_the_statement_a_superuser_must_run_when_the_user_may_not_create_the_extension() throws SQLException {
        // given a login role without superuser rights, in a database it does not own
        PostgresServer server = migrated.server();
        String name = PostgresServer.randomDatabaseName();
        String role = name + "_user";
        server.createDatabase(name);
        execute(empty, "create role " + role + " login password 'pw-not-shown'");
        try (Database db = Database.connect(DatabaseSettings.of(server.jdbcUrl(name).replaceAll("[?&](user|password)=[^&]*", ""), role, "pw-not-shown"))) {
            // when / then
            assertThatThrownBy(db::ensureVectorExtension)
                    .isInstanceOf(DatabaseException.class)
                    .hasMessage("User '" + role + "' may not create the pgvector extension in database " + name + " on " + server.server()
                            + "; a superuser must run, in database " + name + ": CREATE EXTENSION IF NOT EXISTS vector;");
        } finally {
            server.dropDatabase(name);
            execute(empty, "drop role if exists " + role);
        }
    }

    private static List<String> strings(PostgresDatabase db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void execute(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
