package dev.maestro;

import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.core.db.MigrationReport;
import dev.maestro.testkit.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Database set-up against a real PostgreSQL, on a database with a random name that it drops afterwards. */
class DatabaseSetupIT {

    @TempDir
    Path dir;

    @Test
    void should_create_and_migrate_a_missing_local_database_then_do_nothing_the_second_time() throws IOException {
        // given a script that reports the local server ready, and a database that does not exist yet
        PostgresServer server = PostgresServer.fromEnvironment();
        server.requireReachable();
        String name = PostgresServer.randomDatabaseName();
        Path script = Files.writeString(dir.resolve("postgres-local.sh"), "echo 'maestro: PostgreSQL is up' >&2\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DatabaseSetup setup = DatabaseSetup.builder()
                .config(AppConfig.of(Map.of(Setting.DB_USER, server.user(), Setting.DB_PASSWORD, server.password())))
                .err(new PrintStream(err, true, StandardCharsets.UTF_8))
                .script(script)
                .localUrl(server.jdbcUrl(name))
                .build();
        try {
            // when
            DatabaseSetup.Result first = setup.up();
            DatabaseSetup.Result second = setup.up();

            // then
            assertThat(first.created()).isTrue();
            assertThat(first.migration().applied()).isPositive();
            assertThat(first.migration().schemaVersion()).isEqualTo(first.status().schemaVersion());
            assertThat(first.status().ready()).isTrue();
            assertThat(first.endpoint()).isEqualTo(server.server() + "/" + name);
            assertThat(second.created()).isFalse();
            assertThat(second.migration()).isEqualTo(new MigrationReport(0, first.migration().schemaVersion()));
            assertThat(second.status()).isEqualTo(first.status());
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("maestro: PostgreSQL is up");
        } finally {
            server.dropDatabase(name);
        }
    }
}
