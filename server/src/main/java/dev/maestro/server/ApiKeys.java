package dev.maestro.server;

import dev.maestro.core.DatabaseException;
import dev.maestro.core.Ensure;
import dev.maestro.core.InvalidInputException;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * API keys in table {@code api_keys}. A key reads {@code mk_<id>_<secret>}; only the id, a random salt and
 * SHA-256(salt || secret) are stored, so the key is shown once, at creation, and never again. Verified keys are
 * cached for {@link #CACHE_TTL} (so a revocation takes effect within that time) to keep the request path off
 * the database.
 *
 * <pre>{@code
 * ApiKeys keys = new ApiKeys(dataSource);
 * ApiKeys.Created k = keys.create("acme", "ci");   // print k.key() once
 * keys.verify(k.key());                           // Optional[Principal[tenant=acme, keyId=...]]
 * }</pre>
 */
public final class ApiKeys {

    /** How long a verification (positive or negative) is reused: 10 s. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(10);
    /** Tenant names: letters, digits, {@code _ . -}, at most 64, starting with a letter or digit. */
    public static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private static final String PREFIX = "mk_";
    private static final Pattern KEY = Pattern.compile("mk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})");
    private static final int MAX_CACHED = 10_000;

    private final DataSource dataSource;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiKeys(DataSource dataSource) {
        this.dataSource = Ensure.notNull(dataSource, "dataSource");
    }

    /** A new key; {@link #key()} is the only copy there will ever be. */
    public record Created(String id, String tenant, String name, String key) {
        @Override
        public String toString() {
            return "Created[id=" + id + ", tenant=" + tenant + ", name=" + name + ", key=********]";
        }
    }

    /** A stored key, without anything secret. */
    public record Listed(String id, String tenant, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    private record Cached(Principal principal, long expiresAtNanos) {
    }

    /**
     * Creates a key for {@code tenant}, creating the tenant if needed.
     *
     * @throws InvalidInputException when the tenant name is not valid
     */
    public Created create(String tenant, String name) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new InvalidInputException("Tenant '" + tenant + "' is not valid: use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit.");
        }
        String id = randomId();
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement t = c.prepareStatement("insert into api_tenants (id) values (?) on conflict (id) do nothing");
                 PreparedStatement k = c.prepareStatement("insert into api_keys (id, tenant_id, name, salt, hash) values (?, ?, ?, ?, ?)")) {
                t.setString(1, tenant);
                t.executeUpdate();
                k.setString(1, id);
                k.setString(2, tenant);
                k.setString(3, name == null ? "" : name);
                k.setBytes(4, salt);
                k.setBytes(5, hash(salt, secret));
                k.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Creating an API key for tenant " + tenant + " in table api_keys failed: " + e.getMessage(), e);
        }
        return new Created(id, tenant, name == null ? "" : name, PREFIX + id + "_" + secret);
    }

    /** Every key, newest first; only {@code tenant}'s when it is not null. */
    public List<Listed> list(String tenant) {
        String sql = "select id, tenant_id, name, created_at, last_used_at, revoked_at from api_keys"
                + (tenant == null ? "" : " where tenant_id = ?") + " order by created_at desc, id";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            if (tenant != null) {
                st.setString(1, tenant);
            }
            List<Listed> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Listed(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4)),
                            instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("Listing API keys from table api_keys failed: " + e.getMessage(), e);
        }
    }

    /** Revokes the key with this id (or a full key); false when there is no such active key. */
    public boolean revoke(String idOrKey) {
        String id = idOrKey;
        var m = KEY.matcher(idOrKey == null ? "" : idOrKey);
        if (m.matches()) {
            id = m.group(1);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("update api_keys set revoked_at = now() where id = ? and revoked_at is null")) {
            st.setString(1, id);
            boolean revoked = st.executeUpdate() == 1;
            cache.clear();
            return revoked;
        } catch (SQLException e) {
            throw new DatabaseException("Revoking API key " + id + " in table api_keys failed: " + e.getMessage(), e);
        }
    }

    /** How many keys are not revoked. */
    public int activeCount() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select count(*) from api_keys where revoked_at is null");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new DatabaseException("Counting API keys in table api_keys failed: " + e.getMessage(), e);
        }
    }

    /** True when {@code value} has the shape of a Maestro key ({@code mk_...}), valid or not. */
    public static boolean looksLikeKey(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** The principal of a presented key, or empty when it is malformed, unknown, revoked or wrong. */
    public Optional<Principal> verify(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        var m = KEY.matcher(presented);
        if (!m.matches()) {
            return Optional.empty();
        }
        String cacheKey = HexFormat.of().formatHex(sha256(presented.getBytes(StandardCharsets.UTF_8)));
        long now = System.nanoTime();
        Cached hit = cache.get(cacheKey);
        if (hit != null && hit.expiresAtNanos - now > 0) {
            return Optional.ofNullable(hit.principal);
        }
        Principal principal = lookUp(m.group(1), m.group(2));
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(cacheKey, new Cached(principal, now + CACHE_TTL.toNanos()));
        return Optional.ofNullable(principal);
    }

    private Principal lookUp(String id, String secret) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select tenant_id, salt, hash from api_keys where id = ? and revoked_at is null")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next() || !MessageDigest.isEqual(hash(rs.getBytes(2), secret), rs.getBytes(3))) {
                    return null;
                }
                String tenant = rs.getString(1);
                try (PreparedStatement used = c.prepareStatement("update api_keys set last_used_at = now() where id = ?")) {
                    used.setString(1, id);
                    used.executeUpdate();
                }
                return new Principal(tenant, id);
            }
        } catch (SQLException e) {
            throw new DatabaseException("Checking an API key in table api_keys failed: " + e.getMessage(), e);
        }
    }

    private String randomId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static byte[] hash(byte[] salt, String secret) {
        byte[] s = secret.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[salt.length + s.length];
        System.arraycopy(salt, 0, all, 0, salt.length);
        System.arraycopy(s, 0, all, salt.length, s.length);
        return sha256(all);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
