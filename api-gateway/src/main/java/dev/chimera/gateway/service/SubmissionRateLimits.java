package dev.chimera.gateway.service;

import dev.chimera.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per tenant for submissions, in this gateway's memory: {@code rate} submissions a second on
 * average, up to {@code burst} at once. A refused submission is told when the next one fits (429 with Retry-After).
 * Several gateway replicas each allow the rate, so the cluster-wide limit is the rate times the replicas.
 */
@ApplicationScoped
public class SubmissionRateLimits {

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        private double tokens;
        private long filledAt;

        Bucket(double tokens, long filledAt) {
            this.tokens = tokens;
            this.filledAt = filledAt;
        }
    }

    @Inject
    public SubmissionRateLimits(GatewayConfig config) {
        this(config.submitRatePerTenant(), config.submitBurstPerTenant(), System::nanoTime);
    }

    SubmissionRateLimits(double ratePerSecond, int burst, LongSupplier nanoClock) {
        this.ratePerSecond = ratePerSecond;
        this.burst = Math.max(1, burst);
        this.nanoClock = nanoClock;
    }

    /** Takes one submission from the tenant's bucket, or refuses with 429 and the seconds until one fits. */
    public void acquire(String tenantId) {
        if (ratePerSecond <= 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(tenantId, id -> new Bucket(burst, now));
        long waitNanos;
        synchronized (bucket) {
            double refill = (now - bucket.filledAt) * ratePerSecond / NANOS_PER_SECOND;
            bucket.tokens = Math.min(burst, bucket.tokens + refill);
            bucket.filledAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return;
            }
            waitNanos = (long) Math.ceil((1 - bucket.tokens) / ratePerSecond * NANOS_PER_SECOND);
        }
        throw new SubmissionRateLimitedException(Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND));
    }
}
