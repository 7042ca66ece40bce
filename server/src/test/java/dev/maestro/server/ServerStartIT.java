package dev.maestro.server;

import dev.maestro.core.config.AppConfig;
import dev.maestro.core.config.Setting;
import dev.maestro.core.ConfigException;
import dev.maestro.Maestro;
import dev.maestro.testkit.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without any API key, the server listens on loopback only (and not at all when keys are required). */
class ServerStartIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @Test
    void should_refuse_to_listen_without_keys_where_keys_are_required_and_start_once_one_exists() {
        // given: a database without keys
        AppConfig open = TestServer.config(db, null, Map.of());
        AppConfig required = TestServer.config(db, null, Map.of(Setting.SERVER_AUTH, "required"));
        Maestro maestro = TestServer.maestro(open, db);
        try {
            // when / then
            assertThatThrownBy(() -> MaestroServer.builder().maestro(maestro).config(open).build().start("0.0.0.0", 0))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("Refusing to listen on 0.0.0.0 without API keys")
                    .hasMessageContaining("maestro keys create --tenant NAME");
            assertThatThrownBy(() -> MaestroServer.builder().maestro(maestro).config(required).build().start("127.0.0.1", 0))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("server.auth is required");
            try (MaestroServer loopback = MaestroServer.builder().maestro(maestro).config(open).build().start("127.0.0.1", 0)) {
                assertThat(loopback.port()).isPositive();
            }
            new ApiKeys(db.dataSource()).create("acme", "");
            try (MaestroServer withKey = MaestroServer.builder().maestro(maestro).config(required).build().start("127.0.0.1", 0)) {
                assertThat(withKey.port()).isPositive();
            }
            assertThat(MaestroServer.isLoopback("localhost")).isTrue();
            assertThat(MaestroServer.isLoopback("0.0.0.0")).isFalse();
        } finally {
            maestro.close();
        }
    }
}
