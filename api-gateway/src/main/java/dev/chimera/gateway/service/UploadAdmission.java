package dev.chimera.gateway.service;

import dev.chimera.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the submissions in flight on this gateway, in all and per tenant, and admits a new one only under both
 * caps, so that a flood of uploads is refused at once instead of queueing memory and threads.
 */
@ApplicationScoped
public class UploadAdmission {

    /** Why a submission was not admitted. */
    public enum Refusal {
        /** The gateway holds its maximum of submissions. */
        GATEWAY_BUSY,
        /** The tenant holds its maximum of submissions on this gateway. */
        TENANT_BUSY
    }

    /** A held place, released once when the submission's response has ended. */
    public interface Permit {

        /** Gives the place back; later calls do nothing. */
        void release();
    }

    private final int maxConcurrent;
    private final int maxPerTenant;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, Integer> perTenant = new ConcurrentHashMap<>();

    @Inject
    public UploadAdmission(GatewayConfig config, MeterRegistry metrics) {
        this(config.uploads().maxConcurrent(), config.uploads().maxConcurrentPerTenant());
        Gauge.builder("chimera.uploads.in.flight", inFlight, AtomicInteger::get)
                .description("Job submissions being read or processed by this gateway").register(metrics);
    }

    UploadAdmission(int maxConcurrent, int maxPerTenant) {
        if (maxConcurrent < 1 || maxPerTenant < 1) {
            throw new IllegalArgumentException("upload caps must be positive: " + maxConcurrent + ", " + maxPerTenant);
        }
        this.maxConcurrent = maxConcurrent;
        this.maxPerTenant = maxPerTenant;
    }

    /** A permit for a submission of {@code tenantId}, or why there is none. */
    public Admitted admit(String tenantId) {
        if (inFlight.incrementAndGet() > maxConcurrent) {
            inFlight.decrementAndGet();
            return new Admitted(null, Refusal.GATEWAY_BUSY);
        }
        AtomicBoolean counted = new AtomicBoolean();
        perTenant.compute(tenantId, (id, held) -> {
            int count = held == null ? 0 : held;
            if (count >= maxPerTenant) {
                return held;
            }
            counted.set(true);
            return count + 1;
        });
        if (!counted.get()) {
            inFlight.decrementAndGet();
            return new Admitted(null, Refusal.TENANT_BUSY);
        }
        AtomicBoolean released = new AtomicBoolean();
        return new Admitted(() -> {
            if (released.compareAndSet(false, true)) {
                perTenant.computeIfPresent(tenantId, (id, held) -> held == 1 ? null : held - 1);
                inFlight.decrementAndGet();
            }
        }, null);
    }

    /** Submissions in flight now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Either a permit or the refusal. */
    public record Admitted(Permit permit, Refusal refusal) {

        /** Whether the submission may go on. */
        public boolean isAdmitted() {
            return permit != null;
        }
    }
}
