package dev.chimera.storage.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.minio.messages.Expiration;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.LifecycleRule;
import io.minio.messages.RuleFilter;
import io.minio.messages.Status;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryRuleTest {

    private static final ExpiryRule CACHE = new ExpiryRule("chimera-cache-expiry", "cache/", 30);

    @Test
    void aBucketWithoutRulesGetsOneEnabledRuleExpiringThePrefixAfterItsDays() {
        List<LifecycleRule> rules = CACHE.mergedInto(null).rules();

        assertEquals(1, rules.size());
        LifecycleRule rule = rules.get(0);
        assertEquals("chimera-cache-expiry", rule.id());
        assertEquals(Status.ENABLED, rule.status());
        assertEquals("cache/", rule.filter().prefix());
        assertEquals(30, rule.expiration().days());
        assertNull(rule.expiration().date(), "expiry by age, not on a date");
    }

    @Test
    void theBucketsOtherRulesAreKeptAndAnEarlierVersionOfThisRuleIsReplaced() {
        LifecycleRule uploads = rule("abort-old-uploads", "uploads/", 2);
        LifecycleConfiguration current = new LifecycleConfiguration(
                List.of(uploads, rule("chimera-cache-expiry", "cache/", 7)));

        List<LifecycleRule> rules = CACHE.mergedInto(current).rules();

        assertEquals(List.of("abort-old-uploads", "chimera-cache-expiry"), rules.stream().map(LifecycleRule::id)
                .toList());
        assertEquals(uploads, rules.get(0));
        assertEquals(30, rules.get(1).expiration().days());
    }

    @Test
    void aRuleThatWouldExpireTheWholeBucketOrLiveLessThanADayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ExpiryRule("everything", "", 30));
        assertThrows(IllegalArgumentException.class, () -> new ExpiryRule("cache", "cache/", 0));
        assertThrows(IllegalArgumentException.class, () -> new ExpiryRule(" ", "cache/", 30));
    }

    private static LifecycleRule rule(String id, String prefix, int days) {
        return new LifecycleRule(Status.ENABLED, null, new Expiration((ZonedDateTime) null, days, null),
                new RuleFilter(prefix), id, null, null, null);
    }
}
