package dev.chimera.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.storage.jobs.IssuedApiKey;
import dev.chimera.storage.jobs.TenantStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag("integration")
class VerifiedApiKeysTest {

    private static final Duration TTL = Duration.ofSeconds(5);

    @Inject
    TenantStore tenants;

    private final AtomicLong nanos = new AtomicLong(System.nanoTime());

    @Test
    void aRevokedKeyWorksAtMostUntilTheTtlOfItsLastVerificationHasPassed() {
        IssuedApiKey key = newKey();
        VerifiedApiKeys keys = new VerifiedApiKeys(tenants, TTL, nanos::get);
        assertEquals(Optional.of(key.tenantId()), keys.tenantOf(key.secret()));

        assertTrue(tenants.revokeApiKey(key.id()));
        nanos.addAndGet(TTL.toNanos() - 1);
        assertEquals(Optional.of(key.tenantId()), keys.tenantOf(key.secret()), "trusted from memory within the TTL");

        nanos.addAndGet(1);
        assertEquals(Optional.empty(), keys.tenantOf(key.secret()));
    }

    @Test
    void aRefusedKeyIsNotRememberedAsRefusedNorAsValid() {
        IssuedApiKey key = newKey();
        VerifiedApiKeys keys = new VerifiedApiKeys(tenants, TTL, nanos::get);
        assertEquals(Optional.of(key.tenantId()), keys.tenantOf(key.secret()));
        assertTrue(tenants.revokeApiKey(key.id()));
        nanos.addAndGet(TTL.toNanos());
        assertEquals(Optional.empty(), keys.tenantOf(key.secret()));

        assertEquals(Optional.empty(), keys.tenantOf(key.secret()), "asked again, still refused");
        assertEquals(Optional.empty(), keys.tenantOf("chk_" + UUID.randomUUID()));
    }

    @Test
    void aZeroTtlAsksTheDatabaseEveryTime() {
        IssuedApiKey key = newKey();
        VerifiedApiKeys keys = new VerifiedApiKeys(tenants, Duration.ZERO, nanos::get);
        assertEquals(Optional.of(key.tenantId()), keys.tenantOf(key.secret()));

        assertTrue(tenants.revokeApiKey(key.id()));
        assertEquals(Optional.empty(), keys.tenantOf(key.secret()));
    }

    private IssuedApiKey newKey() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 18);
        tenants.create(tenant, "Key cache test");
        return tenants.issueApiKey(tenant);
    }
}
