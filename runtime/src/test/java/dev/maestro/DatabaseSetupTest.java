package dev.maestro;

import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.core.DatabaseException;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code db up}'s handling of the set-up script, against port 1 where nothing listens. */
class DatabaseSetupTest {

    private static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/maestro";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void should_use_the_url_the_script_prints_and_pass_its_stderr_through() throws IOException {
        // given
        Path script = script("echo 'maestro: starting Docker container maestro-pg' >&2\n"
                + "echo 'MAESTRO_DB_URL=jdbc:postgresql://127.0.0.1:1/fromdocker?user=postgres&password=maestro'\n");

        // when / then
        assertThatThrownBy(() -> setup(script, "jdbc:postgresql://127.0.0.1:1/local").up())
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("127.0.0.1:1/fromdocker")
                .hasMessageNotContaining("password=maestro");
        assertThat(err()).contains("maestro: starting Docker container maestro-pg").doesNotContain("MAESTRO_DB_URL");
    }

    @Test
    void should_use_the_local_url_when_the_script_prints_none() throws IOException {
        // given
        Path script = script("echo 'maestro: PostgreSQL 15/main is up' >&2\n");

        // when / then
        assertThatThrownBy(() -> setup(script, "jdbc:postgresql://127.0.0.1:1/local").up())
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("127.0.0.1:1/local");
        assertThat(err()).contains("maestro: PostgreSQL 15/main is up");
    }

    @Test
    void should_fail_with_the_exit_status_when_the_script_fails() throws IOException {
        // given
        Path script = script("echo 'maestro: no PostgreSQL with pgvector available' >&2\nexit 3\n");

        // when / then
        assertThatThrownBy(() -> setup(script, NOWHERE).up())
                .isInstanceOf(DatabaseException.class)
                .hasMessage("postgres-local.sh could not provide PostgreSQL with pgvector (exit 3; see its messages above)"
                        + " — fix that, or set MAESTRO_DB_URL to a PostgreSQL server with pgvector");
        assertThat(err()).contains("no PostgreSQL with pgvector available");
    }

    @Test
    void should_say_when_the_script_is_missing_and_still_try_the_local_server() {
        // given
        String before = System.getProperty(DatabaseSetup.HOME_PROPERTY);
        System.setProperty(DatabaseSetup.HOME_PROPERTY, dir.toString());
        try {
            // when / then
            assertThatThrownBy(() -> DatabaseSetup.builder().config(AppConfig.of(Map.of())).err(new PrintStream(err, true, StandardCharsets.UTF_8))
                    .localUrl(NOWHERE).build().up())
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("not reachable at 127.0.0.1:1/maestro");
            assertThat(err()).contains(dir.resolve(DatabaseSetup.SCRIPT) + " not found");
        } finally {
            if (before == null) {
                System.clearProperty(DatabaseSetup.HOME_PROPERTY);
            } else {
                System.setProperty(DatabaseSetup.HOME_PROPERTY, before);
            }
        }
    }

    @Test
    void should_not_run_the_script_when_db_url_is_set() throws IOException {
        // given
        Path marker = dir.resolve("ran");
        Path script = script("touch '" + marker + "'\n");
        AppConfig config = AppConfig.of(Map.of(Setting.DB_URL, "jdbc:postgresql://127.0.0.1:1/configured"));

        // when / then
        assertThatThrownBy(() -> DatabaseSetup.builder().config(config).err(new PrintStream(err, true, StandardCharsets.UTF_8))
                .script(script).build().up())
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("127.0.0.1:1/configured");
        assertThat(marker).doesNotExist();
    }

    @Test
    void should_default_to_the_local_maestro_database() {
        assertThat(LocalDatabase.settingsFor(AppConfig.of(Map.of())).url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/maestro");
        assertThat(LocalDatabase.settingsFor(AppConfig.of(Map.of(Setting.DB_URL, "jdbc:postgresql://db/app", Setting.DB_POOL_SIZE, "9"))))
                .extracting(s -> s.url(), s -> s.poolSize()).containsExactly("jdbc:postgresql://db/app", 9);
    }

    private DatabaseSetup setup(Path script, String localUrl) {
        return DatabaseSetup.builder()
                .config(AppConfig.of(Map.of()))
                .err(new PrintStream(err, true, StandardCharsets.UTF_8))
                .script(script)
                .localUrl(localUrl)
                .build();
    }

    private Path script(String body) throws IOException {
        return Files.writeString(dir.resolve("postgres-local.sh"), "#!/usr/bin/env bash\nset -eu\n" + body);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
