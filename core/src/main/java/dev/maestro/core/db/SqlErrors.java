package dev.maestro.core.db;

import dev.maestro.core.DatabaseException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * The one place that turns {@link SQLException}s (also when wrapped by HikariCP or Flyway) into
 * {@link DatabaseException}s, by SQLState. Messages name the server and database, never a password.
 */
final class SqlErrors {

    static final String MISSING_DATABASE = "3D000";
    static final String DUPLICATE_DATABASE = "42P04";
    static final String INSUFFICIENT_PRIVILEGE = "42501";
    static final String FEATURE_NOT_SUPPORTED = "0A000";
    static final String UNDEFINED_FILE = "58P01";
    static final String CANNOT_CONNECT_NOW = "57P03";

    static final String DB_UP = "run `./maestro db up`";

    private SqlErrors() {
    }

    /**
     * @param t        what was thrown
     * @param settings where it happened, or null when unknown (then messages say "the database")
     * @param doing    the operation, lower case, e.g. "counting rows in runs"
     */
    static DatabaseException translate(Throwable t, DatabaseSettings settings, String doing) {
        if (t instanceof DatabaseException d) {
            return d;
        }
        String where = settings == null ? "the database" : settings.endpoint();
        SQLException sql = sqlException(t);
        if (sql == null) {
            return new DatabaseException(capitalize(doing) + " failed on " + where + ": " + message(t), t);
        }
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.startsWith("08") || state.equals(CANNOT_CONNECT_NOW)) {
            return new DatabaseException("PostgreSQL is not reachable at " + where + " (" + reason(sql)
                    + ") — start it, " + DB_UP + ", or set MAESTRO_DB_URL", sql);
        }
        if (state.startsWith("28")) {
            String user = settings == null ? "" : " as user '" + settings.effectiveUser() + "'";
            return new DatabaseException("PostgreSQL at " + where + " refused the login" + user + " (" + serverMessage(sql)
                    + ") — check MAESTRO_DB_USER and MAESTRO_DB_PASSWORD (or the user and password in MAESTRO_DB_URL)", sql);
        }
        if (state.equals(MISSING_DATABASE)) {
            String server = settings == null ? "the server" : "PostgreSQL at " + settings.server();
            String db = settings == null ? "the database" : "database " + settings.databaseName();
            return new DatabaseException(server + ": " + db + " does not exist — " + DB_UP, sql);
        }
        return new DatabaseException(capitalize(doing) + " failed on " + where + ": " + serverMessage(sql)
                + " (SQLState " + state + ")", sql);
    }

    /** The first SQLException among the causes, or null. */
    static SQLException sqlException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    /** The server's primary message without the severity prefix, else the driver's message. */
    static String serverMessage(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage server = p.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                return server.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
            }
        }
        return message(e);
    }

    private static String reason(SQLException e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException) {
                return "connection refused";
            }
            if (c instanceof UnknownHostException) {
                return "unknown host " + c.getMessage();
            }
            if (c instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (c instanceof SocketTimeoutException) {
                return "no answer within " + DatabaseSettings.CONNECT_TIMEOUT_SECONDS + " s";
            }
        }
        return firstSentence(serverMessage(e));
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        return dot < 0 ? s : s.substring(0, dot);
    }

    /** The message on one line: the CLI prints exactly one line per error. */
    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
