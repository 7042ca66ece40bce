package dev.maestro.core.db;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/** Unpooled connections straight from the PostgreSQL driver, for set-up work that needs one or two connections. */
final class DirectDataSource implements DataSource {

    private final DatabaseSettings settings;

    DirectDataSource(DatabaseSettings settings) {
        this.settings = settings;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return Database.open(settings);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return Database.open(new DatabaseSettings(settings.url(), username, password, settings.poolSize()));
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // the driver logs through java.util.logging
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // fixed: DatabaseSettings.CONNECT_TIMEOUT_SECONDS
    }

    @Override
    public int getLoginTimeout() {
        return DatabaseSettings.CONNECT_TIMEOUT_SECONDS;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("java.util.logging is not used");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("Not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
