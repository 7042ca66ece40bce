package dev.maestro.testkit;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresServerTest {

    private static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/postgres";

    @Test
    void should_skip_with_a_clear_message_when_unreachable_outside_ci() {
        assertThatThrownBy(() -> PostgresServer.at(NOWHERE, false).requireReachable())
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("PostgreSQL is not reachable at 127.0.0.1:1/postgres")
                .hasMessageContaining("MAESTRO_TEST_DB_URL")
                .hasMessageContaining("Skipping");
    }

    @Test
    void should_fail_when_unreachable_and_ci_is_true() {
        assertThatThrownBy(() -> PostgresServer.from(Map.of("CI", "true", PostgresServer.URL_ENV, NOWHERE)).requireReachable())
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("PostgreSQL is not reachable at 127.0.0.1:1/postgres")
                .hasMessageContaining("Failing because CI=true");
    }

    @Test
    void should_default_to_the_local_server_as_postgres() {
        // when
        PostgresServer server = PostgresServer.from(Map.of());

        // then
        assertThat(server.server()).isEqualTo("127.0.0.1:5432");
        assertThat(server.user()).isEqualTo("postgres");
        assertThat(server.password()).isEmpty();
        assertThat(server.jdbcUrl("t_1")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/t_1");
    }

    @Test
    void should_take_user_and_password_from_the_url() {
        // when
        PostgresServer server = PostgresServer.from(Map.of(PostgresServer.URL_ENV, "jdbc:postgresql://db:6000/admin?user=ci&password=pw"));

        // then
        assertThat(server.user()).isEqualTo("ci");
        assertThat(server.password()).isEqualTo("pw");
        assertThat(server.toString()).doesNotContain("pw");
        assertThat(server.jdbcUrl("t_1")).isEqualTo("jdbc:postgresql://db:6000/t_1?user=ci&password=pw");
    }

    @Test
    void should_make_distinct_lowercase_database_names() {
        assertThat(PostgresServer.randomDatabaseName()).matches("t_[0-9a-f]{16}").isNotEqualTo(PostgresServer.randomDatabaseName());
    }
}
