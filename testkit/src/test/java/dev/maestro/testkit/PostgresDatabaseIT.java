package dev.maestro.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresDatabaseIT {

    @Test
    void should_create_a_migrated_database_and_drop_it_afterwards() throws SQLException {
        // given
        PostgresDatabase db = new PostgresDatabase();
        ExtensionContext context = context("[class:Example]");

        // when
        db.beforeAll(context);
        String name = db.databaseName();
        PostgresServer server = db.server();

        // then
        assertThat(name).matches("t_[0-9a-f]{16}");
        assertThat(db.jdbcUrl()).contains("/" + name);
        assertThat(db.user()).isEqualTo(server.user());
        db.database().checkReady();
        assertThat(exists(server, name)).isTrue();

        // when
        db.afterAll(context);

        // then
        assertThat(exists(server, name)).isFalse();
    }

    private static boolean exists(PostgresServer server, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), server.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from pg_database where datname = '" + name + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    /** Only getUniqueId() is used by the extension. */
    private static ExtensionContext context(String id) {
        return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(), new Class<?>[] {ExtensionContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getUniqueId" -> id;
                    case "toString" -> "ExtensionContext[" + id + "]";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
