package dev.maestro.cli;

import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.core.db.MigrationReport;
import dev.maestro.testkit.PostgresDatabase;
import dev.maestro.testkit.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code maestro db up} and {@code db status} against a real PostgreSQL, on databases with random names. */
class DbUpIT {

    /** A database with neither pgvector nor migrations, for the "not ready" case. */
    @RegisterExtension
    static final PostgresDatabase blank = PostgresDatabase.empty();

    private static final List<String> created = new ArrayList<>();
    private static PostgresServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void server() {
        server = blank.server();
    }

    @AfterAll
    static void dropCreatedDatabases() {
        created.forEach(server::dropDatabase);
    }

    @Test
    void should_set_up_through_the_cli_then_report_a_no_op_and_the_status() {
        // given
        String name = newDatabaseName();
        Map<String, String> env = env(server.jdbcUrl(name));

        // when
        Run first = run(env, "db", "up");
        Run second = run(env, "db", "up");
        Run status = run(env, "db", "status");

        // then
        assertThat(first.exit).as(first.err).isZero();
        assertThat(first.out).contains("Created database " + server.server() + "/" + name + ".")
                .containsPattern("Database ready: PostgreSQL \\d+\\.\\d+, pgvector \\d+\\.\\d+\\.\\d+, schema version \\d+ \\(\\d+ migrations? applied\\)");
        assertThat(second.exit).as(second.err).isZero();
        assertThat(second.out).doesNotContain("Created")
                .containsPattern("^Database ready: PostgreSQL \\d+\\.\\d+, pgvector \\d+\\.\\d+\\.\\d+, schema version \\d+ \\(no migrations pending\\)\\R$");
        assertThat(status.exit).as(status.err).isZero();
        assertThat(status.out)
                .containsPattern("Database\\s+" + server.server() + "/" + name)
                .containsPattern("PostgreSQL\\s+\\d+\\.\\d+")
                .containsPattern("pgvector\\s+\\d+\\.\\d+\\.\\d+")
                .containsPattern("Schema\\s+version \\d+ \\(no migrations pending\\)")
                .containsPattern("conversations\\s+0")
                .containsPattern("messages\\s+0")
                .containsPattern("runs\\s+0");
        assertThat(status.err).isEmpty();
        // the server's own setting, whichever it is: this machine's PostgreSQL may run without autovacuum
        boolean autovacuum = autovacuumOn(server.settings(name));
        if (autovacuum) {
            assertThat(status.out).containsPattern("Autovacuum\\s+on\\R");
            assertThat(first.err).doesNotContain("autovacuum");
        } else {
            assertThat(status.out).containsPattern("Autovacuum\\s+off — PostgreSQL's autovacuum is off: .*VACUUM ANALYZE regularly\\.");
            assertThat(first.err).contains("maestro: warning: PostgreSQL's autovacuum is off");
        }
    }

    private static boolean autovacuumOn(dev.maestro.core.db.DatabaseSettings settings) {
        try (dev.maestro.core.db.Database db = dev.maestro.core.db.Database.connect(settings);
             java.sql.Connection c = db.dataSource().getConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery("select current_setting('autovacuum')::boolean")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_exit_4_and_say_run_db_up_when_the_database_is_not_ready() {
        // when
        Run status = run(env(blank.jdbcUrl()), "db", "status");

        // then
        assertThat(status.exit).isEqualTo(4);
        assertThat(status.out).contains("pgvector       not installed in this database").containsPattern("Schema\\s+none \\(\\d+ pending\\)");
        assertThat(status.err.lines()).singleElement().asString()
                .startsWith("maestro: Database " + server.server() + "/" + blank.databaseName() + " is not ready: ")
                .containsPattern("the pgvector extension is not installed in it and \\d+ migrations? (is|are) pending"
                        + " \\(schema version none, latest \\d+\\) — run `./maestro db up`$");
    }

    @Test
    void should_exit_4_and_say_run_db_up_when_the_database_does_not_exist() {
        // when
        String name = PostgresServer.randomDatabaseName();
        Run status = run(env(server.jdbcUrl(name)), "db", "status");

        // then
        assertThat(status.exit).isEqualTo(4);
        assertThat(status.err.lines()).containsExactly("maestro: PostgreSQL at " + server.server() + ": database " + name
                + " does not exist — run `./maestro db up`");
    }

    private static String newDatabaseName() {
        String name = PostgresServer.randomDatabaseName();
        created.add(name);
        return name;
    }

    private static Map<String, String> env(String url) {
        Map<String, String> env = new HashMap<>();
        env.put("MAESTRO_DB_URL", url);
        env.put("MAESTRO_DB_USER", server.user());
        env.put("MAESTRO_DB_PASSWORD", server.password());
        return env;
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MaestroCommand.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
