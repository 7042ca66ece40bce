package dev.maestro.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code maestro db ...} without a server: unreachable databases, usage errors. */
class DbCommandTest {

    private static final String PASSWORD = "s3cr3t-pw";
    private static final Map<String, String> UNREACHABLE = Map.of(
            "MAESTRO_DB_URL", "jdbc:postgresql://127.0.0.1:1/x",
            "MAESTRO_DB_PASSWORD", PASSWORD);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @ValueSource(strings = {"status", "up"})
    void should_exit_4_with_one_line_and_no_password_when_unreachable(String subcommand) {
        // when
        int exit = run(UNREACHABLE, "db", subcommand);

        // then
        assertThat(exit).isEqualTo(4);
        assertThat(text(out)).doesNotContain(PASSWORD);
        assertThat(text(err)).doesNotContain(PASSWORD)
                .isEqualTo("maestro: PostgreSQL is not reachable at 127.0.0.1:1/x (connection refused)"
                        + " — start it, run `./maestro db up`, or set MAESTRO_DB_URL" + System.lineSeparator());
    }

    @Test
    void should_not_show_a_password_given_in_the_url_either() {
        // when
        int exit = run(Map.of("MAESTRO_DB_URL", "jdbc:postgresql://127.0.0.1:1/x?user=app&password=" + PASSWORD), "db", "status");

        // then
        assertThat(exit).isEqualTo(4);
        assertThat(text(out) + text(err)).doesNotContain(PASSWORD).contains("127.0.0.1:1/x");
    }

    @Test
    void should_exit_2_without_a_subcommand() {
        // when
        int exit = run(Map.of(), "db");

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(text(err)).contains("Missing subcommand: up or status");
    }

    @Test
    void should_exit_2_on_a_url_that_is_not_postgresql() {
        // when
        int exit = run(Map.of("MAESTRO_DB_URL", "jdbc:mysql://h/x"), "db", "status");

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(text(err)).contains("MAESTRO_DB_URL");
    }

    private int run(Map<String, String> env, String... args) {
        return MaestroCommand.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
