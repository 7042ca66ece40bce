package dev.maestro.core.db;

import dev.maestro.core.ConfigException;
import org.postgresql.Driver;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and as whom to connect: a PostgreSQL JDBC URL, a user, a password and the pool size.
 * A {@code user} or {@code password} parameter in the URL wins over the fields, as in the PostgreSQL driver.
 * {@link #toString()} masks the password, also inside the URL.
 *
 * @param url      a JDBC URL such as {@code jdbc:postgresql://127.0.0.1:5432/maestro}
 * @param user     the user; null or empty leaves it to the URL (or the driver's default)
 * @param password the password; null means none
 * @param poolSize maximum pooled connections, 1 to {@value #MAX_POOL_SIZE}
 * @throws ConfigException when the URL is not a PostgreSQL JDBC URL or the pool size is out of range
 * @since 0.1
 */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

    public static final String MASK = "********";
    public static final int DEFAULT_POOL_SIZE = 4;
    public static final int MAX_POOL_SIZE = 100;
    /** Connect and login timeout for every connection, in seconds. */
    static final int CONNECT_TIMEOUT_SECONDS = 5;

    private static final String PREFIX = "jdbc:postgresql:";
    private static final String EXAMPLE = "jdbc:postgresql://127.0.0.1:5432/maestro";
    // prefix (with an optional //host[:port][,host[:port]] part), database, optional ?parameters
    private static final Pattern SHAPE = Pattern.compile("^(jdbc:postgresql:(?://[^/?#]+/|/?(?!/)))([^?]*)(\\?.*)?$");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&]password=)[^&]*");

    public DatabaseSettings {
        if (url == null || url.isBlank()) {
            throw new ConfigException("Database URL is empty; expected a JDBC URL such as " + EXAMPLE + ".");
        }
        url = url.trim();
        if (!url.startsWith(PREFIX) || !SHAPE.matcher(url).matches() || Driver.parseURL(url, null) == null) {
            throw new ConfigException("Database URL '" + redact(url) + "' is not a PostgreSQL JDBC URL; expected one such as "
                    + EXAMPLE + " (a '/' must follow host:port).");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new ConfigException("Database pool size must be from 1 to " + MAX_POOL_SIZE + ", was " + poolSize + ".");
        }
    }

    /** Settings with the {@linkplain #DEFAULT_POOL_SIZE default pool size}. */
    public static DatabaseSettings of(String url, String user, String password) {
        return new DatabaseSettings(url, user, password, DEFAULT_POOL_SIZE);
    }

    /** The same server, credentials and URL parameters, another database. */
    public DatabaseSettings withDatabase(String database) {
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("database cannot be null or blank");
        }
        Matcher m = SHAPE.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("validated URL no longer matches: " + redact(url));
        }
        String query = m.group(3) == null ? "" : m.group(3);
        String newUrl = m.group(1) + URLEncoder.encode(database, StandardCharsets.UTF_8) + query;
        return new DatabaseSettings(newUrl, user, password, poolSize);
    }

    public DatabaseSettings withPoolSize(int size) {
        return new DatabaseSettings(url, user, password, size);
    }

    /** The database named in the URL (empty when the URL names none). */
    public String databaseName() {
        return parsed().getProperty("PGDBNAME", "");
    }

    /** {@code host:port} of the server, comma-separated when the URL lists several. */
    public String server() {
        Properties p = parsed();
        String[] hosts = p.getProperty("PGHOST", "localhost").split(",");
        String[] ports = p.getProperty("PGPORT", "5432").split(",");
        StringJoiner out = new StringJoiner(",");
        for (int i = 0; i < hosts.length; i++) {
            out.add(hosts[i] + ":" + (i < ports.length ? ports[i] : ports[ports.length - 1]));
        }
        return out.toString();
    }

    /** {@code host:port/database}, for messages; never contains credentials. */
    public String endpoint() {
        return server() + "/" + databaseName();
    }

    /** The user the driver will log in as: the URL's {@code user} parameter, else {@link #user()}. */
    public String effectiveUser() {
        return parsed().getProperty("user", "");
    }

    /** The URL with the value of a {@code password} parameter replaced by {@value #MASK}. */
    public String maskedUrl() {
        return PASSWORD_PARAM.matcher(url).replaceAll("$1" + MASK);
    }

    /** Driver properties: user, password and timeouts; URL parameters still win over them. */
    Properties connectionProperties() {
        Properties p = new Properties();
        if (!user.isEmpty()) {
            p.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("ApplicationName", "maestro");
        return p;
    }

    private Properties parsed() {
        Properties defaults = new Properties();
        if (!user.isEmpty()) {
            defaults.setProperty("user", user);
        }
        Properties p = Driver.parseURL(url, defaults);
        return p == null ? defaults : p;
    }

    /** The URL without its query string, for messages about a URL that failed validation. */
    private static String redact(String url) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q) + "?…";
        return base.replaceAll("//[^/@]*@", "//" + MASK + "@");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + maskedUrl()
                + ", user=" + user
                + ", password=" + (password.isEmpty() ? "" : MASK)
                + ", poolSize=" + poolSize + "]";
    }
}
