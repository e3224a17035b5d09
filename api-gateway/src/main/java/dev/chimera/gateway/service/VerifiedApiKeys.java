package dev.chimera.gateway.service;

import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.storage.jobs.TenantStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The tenant of an API key, asking PostgreSQL at most once per {@code chimera.api-key-cache-ttl} per key: a key
 * verified there is trusted from memory until the TTL has passed, so a revoked key keeps working for at most that
 * long in each gateway process. Unknown and revoked keys are never remembered, so a newly issued key works at once.
 * Only sha256 digests of keys are kept in memory.
 */
@ApplicationScoped
public class VerifiedApiKeys {

    private static final int MAX_ENTRIES = 10_000;

    private record Verified(String tenantId, long expiresAtNanos) {
    }

    private final TenantStore tenants;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Verified> byDigest = new ConcurrentHashMap<>();

    @Inject
    public VerifiedApiKeys(TenantStore tenants, GatewayConfig config) {
        this(tenants, config.apiKeyCacheTtl(), System::nanoTime);
    }

    VerifiedApiKeys(TenantStore tenants, Duration ttl, LongSupplier nanoClock) {
        this.tenants = tenants;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The tenant the key belongs to; empty when the key is unknown or revoked. */
    public Optional<String> tenantOf(String key) {
        String digest = sha256(key);
        long now = nanoClock.getAsLong();
        Verified verified = byDigest.get(digest);
        if (verified != null && now - verified.expiresAtNanos() < 0) {
            return Optional.of(verified.tenantId());
        }
        Optional<String> tenant = tenants.tenantOfApiKey(key);
        if (tenant.isPresent() && ttlNanos > 0) {
            if (byDigest.size() >= MAX_ENTRIES) {
                byDigest.values().removeIf(entry -> now - entry.expiresAtNanos() >= 0);
                if (byDigest.size() >= MAX_ENTRIES) {
                    byDigest.clear();
                }
            }
            byDigest.put(digest, new Verified(tenant.get(), now + ttlNanos));
        } else {
            byDigest.remove(digest);
        }
        return tenant;
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
