package dev.chimera.worker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.storage.objects.ExpiryRule;
import org.junit.jupiter.api.Test;

class ObjectStoreCacheTest {

    @Test
    void theExpiryRuleCoversEveryCacheEntryAndNoOtherObject() {
        ExpiryRule rule = ObjectStoreCache.expiryRule(30);

        assertEquals(30, rule.days());
        assertTrue(ObjectStoreCache.objectKey("cia-inversion|sha256=ab|512|float32").startsWith(rule.prefix()));
        for (String other : new String[] {"jobs/j/previews/step-1.png", "inputs/t/a.png", "results/j/1/output.png",
                "models/sd15/v1/manifest.json", "cachet/x"}) {
            assertFalse(other.startsWith(rule.prefix()), other);
        }
    }
}
