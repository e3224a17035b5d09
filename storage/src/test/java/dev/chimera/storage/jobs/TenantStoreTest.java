package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class TenantStoreTest {

    private final JobDatabase database = TestDatabase.shared();
    private final TenantStore tenants = new TenantStore(database);

    @Test
    void anIssuedKeyIdentifiesItsTenant() {
        String tenant = TestDatabase.freshTenant(database);

        IssuedApiKey key = tenants.issueApiKey(tenant);

        assertEquals(Optional.of(tenant), tenants.tenantOfApiKey(key.secret()));
        assertTrue(tenants.tenantOfApiKey(key.secret() + "x").isEmpty());
    }

    @Test
    void aRevokedKeyNoLongerIdentifiesAnyone() {
        IssuedApiKey key = tenants.issueApiKey(TestDatabase.freshTenant(database));

        assertTrue(tenants.revokeApiKey(key.id()));

        assertTrue(tenants.tenantOfApiKey(key.secret()).isEmpty());
        assertFalse(tenants.revokeApiKey(key.id()));
    }

    @Test
    void theDatabaseNeverHoldsTheKeyItself() throws SQLException {
        IssuedApiKey key = tenants.issueApiKey(TestDatabase.freshTenant(database));

        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT key_hash FROM api_keys WHERE id = ?")) {
            statement.setObject(1, key.id());
            try (ResultSet row = statement.executeQuery()) {
                assertTrue(row.next());
                assertFalse(row.getString(1).contains(key.secret()));
                assertEquals(64, row.getString(1).length());
            }
        }
        assertFalse(key.toString().contains(key.secret()));
    }

    @Test
    void creatingAnExistingTenantKeepsIt() {
        String id = "test-" + UUID.randomUUID();
        Tenant created = tenants.create(id, "First name");

        Tenant again = tenants.create(id, "Second name");

        assertEquals(created, again);
    }

    @Test
    void aNewTenantHasTheDefaultQuotaAndCeilingZeroUntilTheAdminSetsThem() {
        String tenant = TestDatabase.freshTenant(database);
        assertEquals(Optional.of(new TenantLimits(tenant, Optional.empty(), 0)), tenants.limits(tenant));

        TenantLimits set = new TenantLimits(tenant, Optional.of(3), 20);
        assertEquals(Optional.of(set), tenants.setLimits(set));
        assertEquals(Optional.of(set), tenants.limits(tenant));
        assertEquals(Optional.empty(), tenants.setLimits(new TenantLimits("no-such-" + UUID.randomUUID(),
                Optional.of(1), 0)));
    }
}
