package dev.maestro.core.db;

import dev.maestro.core.DatabaseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class SqlErrorsTest {

    private static final DatabaseSettings SETTINGS =
            new DatabaseSettings("jdbc:postgresql://10.0.0.5:5432/maestro", "app", "s3cr3t-pw", 4);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "08001 | PostgreSQL is not reachable at 10.0.0.5:5432/maestro (",
            "08006 | PostgreSQL is not reachable at 10.0.0.5:5432/maestro (",
            "57P03 | PostgreSQL is not reachable at 10.0.0.5:5432/maestro (",
            "28P01 | refused the login as user 'app'",
            "28000 | check MAESTRO_DB_USER and MAESTRO_DB_PASSWORD",
            "3D000 | PostgreSQL at 10.0.0.5:5432: database maestro does not exist — run `./maestro db up`",
            "42P01 | Counting rows failed on 10.0.0.5:5432/maestro: boom (SQLState 42P01)",
    })
    void should_map_by_sqlstate(String state, String expected) {
        // given
        SQLException e = new SQLException("boom", state);

        // when
        DatabaseException mapped = SqlErrors.translate(e, SETTINGS, "counting rows");

        // then
        assertThat(mapped.getMessage()).contains(expected).doesNotContain("s3cr3t-pw");
        assertThat(mapped.getCause()).isSameAs(e);
    }

    @Test
    void should_name_the_reason_and_the_way_out_when_unreachable() {
        // given
        SQLException e = new SQLException("Connection to 10.0.0.5:5432 refused. Check that ...", "08001", new ConnectException("Connection refused"));

        // when
        DatabaseException mapped = SqlErrors.translate(new RuntimeException("pool failed", e), SETTINGS, "connecting");

        // then
        assertThat(mapped).hasMessage("PostgreSQL is not reachable at 10.0.0.5:5432/maestro (connection refused)"
                + " — start it, run `./maestro db up`, or set MAESTRO_DB_URL");
    }

    @Test
    void should_keep_the_operation_when_no_sql_exception_is_involved() {
        DatabaseException mapped = SqlErrors.translate(new IllegalStateException("checksum mismatch"), SETTINGS, "migrating");

        assertThat(mapped).hasMessage("Migrating failed on 10.0.0.5:5432/maestro: checksum mismatch");
    }

    @Test
    void should_put_a_multi_line_message_on_one_line() {
        DatabaseException mapped = SqlErrors.translate(new IllegalStateException("Validate failed:\n  checksum mismatch\n"), SETTINGS, "migrating");

        assertThat(mapped).hasMessage("Migrating failed on 10.0.0.5:5432/maestro: Validate failed: checksum mismatch");
    }
}
