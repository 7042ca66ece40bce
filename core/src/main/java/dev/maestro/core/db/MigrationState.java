package dev.maestro.core.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The schema version and pending-migration count read with two plain queries, so that {@code db up} on a current
 * schema, {@code db status} and {@code checkReady()} do not pay for starting Flyway (about half a second of plugin and
 * Jackson initialisation per CLI call). It only answers when the answer is certain: the history holds exactly a
 * prefix of the versioned migrations found next to this class, all successful SQL migrations. Anything else
 * (repeatable or out-of-order migrations, failures, baselines, migrations in other jars) returns null, and the
 * caller asks Flyway.
 *
 * @param version the applied schema version, null when none is applied
 * @param pending versioned migrations not yet applied
 */
record MigrationState(String version, int pending) {

    static final String HISTORY_TABLE = "flyway_schema_history";
    private static final String DIRECTORY = "db/migration/";
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__[^/]*\\.sql");
    private static final Pattern ANY_MIGRATION = Pattern.compile("[VRU][^/]*__[^/]*\\.sql");

    /** Versions found on the classpath, ascending; null when they cannot be listed exactly. */
    private static final List<String> AVAILABLE = listAvailable();

    /** The exact state, or null when only Flyway can tell. */
    static MigrationState read(Connection c) throws SQLException {
        if (AVAILABLE == null) {
            return null;
        }
        if (!historyExists(c)) {
            return new MigrationState(null, AVAILABLE.size());
        }
        Set<String> applied = new HashSet<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select version, type, success from " + HISTORY_TABLE)) {
            while (rs.next()) {
                String version = rs.getString(1);
                if (version == null || !"SQL".equals(rs.getString(2)) || !rs.getBoolean(3)) {
                    return null;
                }
                applied.add(canonical(version));
            }
        } catch (NumberFormatException e) {
            return null; // a version Flyway wrote in a form we do not parse
        }
        int n = applied.size();
        if (n > AVAILABLE.size() || !applied.equals(Set.copyOf(AVAILABLE.subList(0, n)))) {
            return null;
        }
        return new MigrationState(n == 0 ? null : AVAILABLE.get(n - 1), AVAILABLE.size() - n);
    }

    /** The newest versioned migration on the classpath, or null when unknown. */
    static String latestAvailable() {
        return AVAILABLE == null ? null : AVAILABLE.getLast();
    }

    private static boolean historyExists(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select to_regclass(?) is not null")) {
            st.setString(1, HISTORY_TABLE);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static List<String> listAvailable() {
        try {
            CodeSource code = MigrationState.class.getProtectionDomain().getCodeSource();
            if (code == null || code.getLocation() == null) {
                return null;
            }
            Path source = Path.of(code.getLocation().toURI());
            List<String> names = new ArrayList<>();
            if (Files.isDirectory(source)) {
                Path dir = source.resolve(DIRECTORY);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        files.forEach(f -> names.add(f.getFileName().toString()));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(source.toFile())) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(DIRECTORY) && n.length() > DIRECTORY.length())
                            .forEach(n -> names.add(n.substring(DIRECTORY.length())));
                }
            }
            List<String> versions = new ArrayList<>();
            for (String name : names) {
                Matcher m = VERSIONED.matcher(name);
                if (m.matches()) {
                    versions.add(canonical(m.group(1)));
                } else if (ANY_MIGRATION.matcher(name).matches()) {
                    return null; // repeatable or undo migrations: leave them to Flyway
                }
            }
            versions.sort(Comparator.comparing(MigrationState::parts, MigrationState::compare));
            return versions.isEmpty() ? null : List.copyOf(versions);
        } catch (IOException | UncheckedIOException | URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null; // an unusual class path: Flyway will answer
        }
    }

    /** Flyway's notion of equal versions: '_' is '.', leading zeros and trailing ".0" parts do not count. */
    static String canonical(String version) {
        List<BigInteger> parts = parts(version);
        List<String> out = new ArrayList<>();
        parts.forEach(p -> out.add(p.toString()));
        return String.join(".", out);
    }

    private static List<BigInteger> parts(String version) {
        List<BigInteger> parts = new ArrayList<>();
        for (String p : version.replace('_', '.').split("\\.")) {
            parts.add(new BigInteger(p));
        }
        while (parts.size() > 1 && parts.getLast().signum() == 0) {
            parts.removeLast();
        }
        return parts;
    }

    private static int compare(List<BigInteger> a, List<BigInteger> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
            BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
