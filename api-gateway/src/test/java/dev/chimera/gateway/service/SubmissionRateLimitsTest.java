package dev.chimera.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Each tenant's submissions pass up to the burst, then at the rate; a refusal says how long to wait. */
class SubmissionRateLimitsTest {

    private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));

    @Test
    void aTenantPastItsBurstIsRefusedWithTheSecondsUntilTheNextSubmissionFits() {
        SubmissionRateLimits limits = new SubmissionRateLimits(0.5, 3, nanos::get);
        for (int i = 0; i < 3; i++) {
            limits.acquire("a");
        }

        SubmissionRateLimitedException refused = assertThrows(SubmissionRateLimitedException.class,
                () -> limits.acquire("a"));

        assertEquals(429, refused.status());
        assertEquals("rate_limited", refused.code());
        assertEquals(2, refused.retryAfterSeconds(), "one token every two seconds");
        limits.acquire("b");
    }

    @Test
    void theBucketRefillsAtTheRate() {
        SubmissionRateLimits limits = new SubmissionRateLimits(2, 1, nanos::get);
        limits.acquire("a");
        assertThrows(SubmissionRateLimitedException.class, () -> limits.acquire("a"));

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));

        limits.acquire("a");
    }

    @Test
    void aRateOfZeroSetsNoLimit() {
        SubmissionRateLimits limits = new SubmissionRateLimits(0, 1, nanos::get);
        for (int i = 0; i < 1000; i++) {
            limits.acquire("a");
        }
    }

    @Test
    void aPriorityIsAnIntegerWithinItsBoundsOrZeroWhenAbsent() {
        assertEquals(0, JobSubmissions.priority(null));
        assertEquals(-7, JobSubmissions.priority("-7"));
        assertEquals(100, JobSubmissions.priority("100"));
        assertEquals(422, assertThrows(RequestRefusedException.class, () -> JobSubmissions.priority("101")).status());
        assertEquals(422, assertThrows(RequestRefusedException.class, () -> JobSubmissions.priority("high")).status());
    }
}
