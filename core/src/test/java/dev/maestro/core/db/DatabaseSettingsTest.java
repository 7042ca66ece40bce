package dev.maestro.core.db;

import dev.maestro.core.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseSettingsTest {

    @Test
    void should_mask_the_password_in_toString() {
        // given
        DatabaseSettings settings = new DatabaseSettings("jdbc:postgresql://db:5432/maestro", "app", "s3cr3t-pw", 4);

        // when
        String text = settings.toString();

        // then
        assertThat(text).doesNotContain("s3cr3t-pw").contains("password=********").contains("user=app");
    }

    @Test
    void should_mask_a_password_inside_the_url_in_toString() {
        // given
        DatabaseSettings settings = DatabaseSettings.of("jdbc:postgresql://db/maestro?user=app&password=s3cr3t-pw&ssl=true", null, null);

        // when
        String text = settings.toString();

        // then
        assertThat(text).doesNotContain("s3cr3t-pw").contains("password=********&ssl=true");
    }

    @Test
    void should_reject_a_url_that_is_not_postgresql_without_echoing_its_parameters() {
        assertThatThrownBy(() -> DatabaseSettings.of("jdbc:mysql://db/x?password=s3cr3t-pw", "u", "p"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a PostgreSQL JDBC URL")
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:5432/maestro")
                .hasMessageNotContaining("s3cr3t-pw");
    }

    @Test
    void should_reject_a_url_without_slash_after_the_host() {
        assertThatThrownBy(() -> DatabaseSettings.of("jdbc:postgresql://db:5432", "u", "p"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("a '/' must follow host:port");
    }

    @Test
    void should_reject_an_empty_url_and_a_pool_size_out_of_range() {
        assertThatThrownBy(() -> DatabaseSettings.of(" ", "u", "p"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Database URL is empty");
        assertThatThrownBy(() -> new DatabaseSettings("jdbc:postgresql://db/x", "u", "p", 0))
                .isInstanceOf(ConfigException.class).hasMessage("Database pool size must be from 1 to 100, was 0.");
    }

    @Test
    void should_describe_the_endpoint_without_credentials() {
        // given
        DatabaseSettings settings = DatabaseSettings.of("jdbc:postgresql://10.0.0.5:6543/app?user=bob&password=pw", "postgres", "");

        // then
        assertThat(settings.endpoint()).isEqualTo("10.0.0.5:6543/app");
        assertThat(settings.server()).isEqualTo("10.0.0.5:6543");
        assertThat(settings.databaseName()).isEqualTo("app");
        assertThat(settings.effectiveUser()).isEqualTo("bob");
        assertThat(DatabaseSettings.of("jdbc:postgresql://h/x", "postgres", "").effectiveUser()).isEqualTo("postgres");
        assertThat(DatabaseSettings.of("jdbc:postgresql://h1:1,h2:2/x", "u", "").server()).isEqualTo("h1:1,h2:2");
    }

    @Test
    void should_switch_database_keeping_server_and_parameters() {
        // given
        DatabaseSettings settings = new DatabaseSettings("jdbc:postgresql://h:5433/maestro?sslmode=require", "u", "p", 7);

        // when
        DatabaseSettings admin = settings.withDatabase("postgres");

        // then
        assertThat(admin.url()).isEqualTo("jdbc:postgresql://h:5433/postgres?sslmode=require");
        assertThat(admin.poolSize()).isEqualTo(7);
        assertThat(admin.password()).isEqualTo("p");
        assertThat(DatabaseSettings.of("jdbc:postgresql:maestro", "u", "").withDatabase("t_1").url()).isEqualTo("jdbc:postgresql:t_1");
        assertThat(DatabaseSettings.of("jdbc:postgresql://h/", "u", "").withDatabase("a b").databaseName()).isEqualTo("a b");
    }
}
