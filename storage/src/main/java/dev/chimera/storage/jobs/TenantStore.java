package dev.chimera.storage.jobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Tenants and their API keys. Keys are stored as sha256 hashes: a database dump does not reveal a usable key. */
public final class TenantStore {

    private static final String KEY_PREFIX = "chk_";
    private static final int KEY_BYTES = 32;

    private final JobDatabase database;
    private final SecureRandom random = new SecureRandom();

    /** A tenant store over a shared, migrated database. */
    public TenantStore(JobDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Creates the tenant, or returns it unchanged if this id exists already. */
    public Tenant create(String id, String name) {
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO tenants (id, name) VALUES (?, ?)
                    ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id
                    RETURNING id, name, created_at""")) {
                statement.setString(1, id);
                statement.setString(2, name);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return new Tenant(row.getString("id"), row.getString("name"), JobRows.instant(row, "created_at"));
                }
            }
        });
    }

    /** Sets the tenant's quota and priority ceiling; empty when there is no such tenant. */
    public Optional<TenantLimits> setLimits(TenantLimits limits) {
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    UPDATE tenants SET max_concurrent_per_kind = ?, priority_ceiling = ? WHERE id = ?
                    RETURNING id, max_concurrent_per_kind, priority_ceiling""")) {
                statement.setObject(1, limits.maxConcurrentPerKind().orElse(null), Types.INTEGER);
                statement.setInt(2, limits.priorityCeiling());
                statement.setString(3, limits.tenantId());
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(limits(row)) : Optional.empty();
                }
            }
        });
    }

    /** The tenant's quota and priority ceiling; empty when there is no such tenant. */
    public Optional<TenantLimits> limits(String tenantId) {
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id, max_concurrent_per_kind, priority_ceiling FROM tenants WHERE id = ?")) {
                statement.setString(1, tenantId);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(limits(row)) : Optional.empty();
                }
            }
        });
    }

    private static TenantLimits limits(ResultSet row) throws SQLException {
        int quota = row.getInt("max_concurrent_per_kind");
        Optional<Integer> maxConcurrent = row.wasNull() ? Optional.empty() : Optional.of(quota);
        return new TenantLimits(row.getString("id"), maxConcurrent, row.getInt("priority_ceiling"));
    }

    /** Issues a new random key for the tenant and stores only its hash. */
    public IssuedApiKey issueApiKey(String tenantId) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        String secret = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        UUID id = UUID.randomUUID();
        database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO api_keys (id, tenant_id, key_hash) VALUES (?, ?, ?)")) {
                statement.setObject(1, id);
                statement.setString(2, tenantId);
                statement.setString(3, hash(secret));
                return statement.executeUpdate();
            }
        });
        return new IssuedApiKey(id, tenantId, secret);
    }

    /** The tenant a presented key belongs to, unless the key is unknown or revoked. */
    public Optional<String> tenantOfApiKey(String secret) {
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT tenant_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")) {
                statement.setString(1, hash(secret));
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(row.getString("tenant_id")) : Optional.empty();
                }
            }
        });
    }

    /** Revokes the key; true if it was live until now. */
    public boolean revokeApiKey(UUID keyId) {
        return database.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE api_keys SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL")) {
                statement.setObject(1, keyId);
                return statement.executeUpdate() == 1;
            }
        });
    }

    private static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
