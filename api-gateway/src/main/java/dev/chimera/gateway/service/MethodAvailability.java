package dev.chimera.gateway.service;

import dev.chimera.contract.Method;
import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.ProblemCode;
import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.storage.jobs.WorkerMethods;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Which methods the gateway accepts: those a live worker serves (an unexpired announcement in PostgreSQL) and those
 * the operator listed in {@code chimera.scale-from-zero-methods}, whose pool starts a worker only once work waits.
 * The served methods are read at most once per {@code chimera.method-availability-max-age}, so a submit costs one
 * small query at most; while one request reads them, the others use the previous copy. Built at start, so a scale-
 * from-zero list naming no method of the contract stops the gateway instead of refusing requests later.
 *
 * <p>A method this gateway saw served less than {@value #LAPSE_GRACE_MINUTES} minutes ago is refused with 503 and
 * {@code Retry-After}, not 422: its workers' announcements have lapsed, which a broker outage or a restarting pool
 * causes as surely as a pool that is gone, and the client should try again rather than give up.
 */
@Startup
@ApplicationScoped
public class MethodAvailability {

    private static final Logger LOG = Logger.getLogger(MethodAvailability.class);
    private static final int LAPSE_GRACE_MINUTES = 5;
    private static final long LAPSE_GRACE_NANOS = Duration.ofMinutes(LAPSE_GRACE_MINUTES).toNanos();

    private record Read(Set<Method> served, long nextReadNanos) {
    }

    private final Supplier<Set<Method>> readServed;
    private final Set<Method> scaleFromZero;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    private final ReentrantLock reading = new ReentrantLock();
    private final Map<Method, Long> lastServedNanos = new ConcurrentHashMap<>();
    private volatile Read last;

    @Inject
    public MethodAvailability(WorkerMethods workers, GatewayConfig config) {
        this(workers::served, scaleFromZero(config.scaleFromZeroMethods().orElse(List.of())),
                config.methodAvailabilityMaxAge(), System::nanoTime);
        LOG.infof("methods accepted without a live worker scaleFromZero=%s",
                scaleFromZero.stream().map(Method::wireName).toList());
    }

    MethodAvailability(Supplier<Set<Method>> readServed, Set<Method> scaleFromZero, Duration maxAge,
            LongSupplier nanoClock) {
        this.readServed = readServed;
        Set<Method> listed = EnumSet.noneOf(Method.class);
        listed.addAll(scaleFromZero);
        this.scaleFromZero = Collections.unmodifiableSet(listed);
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The methods accepted now. */
    public Set<Method> available() {
        Set<Method> available = EnumSet.noneOf(Method.class);
        available.addAll(scaleFromZero);
        available.addAll(served());
        return available;
    }

    /** The catalogue with each method marked available or not. */
    public MethodCatalog.Catalog mark(MethodCatalog.Catalog catalog) {
        Set<Method> available = available();
        return new MethodCatalog.Catalog(catalog.kinds().stream()
                .map(kind -> new MethodCatalog.KindEntry(kind.kind(), kind.defaultMethod(), kind.methods().stream()
                        .map(entry -> entry.withAvailable(available.contains(entry.method()))).toList()))
                .toList(), catalog.limits());
    }

    /**
     * Refuses {@code method} with {@code method_unavailable} unless it is accepted now: 503 while it was served less
     * than the lapse grace ago, 422 otherwise.
     */
    public void requireAvailable(Method method) {
        if (scaleFromZero.contains(method) || served().contains(method)) {
            return;
        }
        Long servedAt = lastServedNanos.get(method);
        if (servedAt != null && nanoClock.getAsLong() - servedAt < LAPSE_GRACE_NANOS) {
            String message = "no worker serving " + method.wireName() + " has been heard from for "
                    + Duration.ofNanos(nanoClock.getAsLong() - servedAt).toSeconds() + " s; retry later";
            throw new RequestRefusedException(503, ProblemCode.METHOD_UNAVAILABLE.wireName(),
                    "method " + method.wireName() + " is unavailable for now: " + message,
                    List.of(new Problem(ProblemCode.METHOD_UNAVAILABLE, "method", message)));
        }
        String message = "no live worker serves " + method.wireName() + " and its pool does not scale from zero";
        throw new RequestRefusedException(422, ProblemCode.METHOD_UNAVAILABLE.wireName(),
                "method " + method.wireName() + " is unavailable: " + message,
                List.of(new Problem(ProblemCode.METHOD_UNAVAILABLE, "method", message)));
    }

    /** The methods named by wire name in {@code names} (blank entries ignored); any other name is an error. */
    static Set<Method> scaleFromZero(List<String> names) {
        Set<Method> methods = EnumSet.noneOf(Method.class);
        for (String name : names) {
            if (name.isBlank()) {
                continue;
            }
            methods.add(Method.fromWireName(name.trim()).orElseThrow(() -> new IllegalArgumentException(
                    "CHIMERA_SCALE_FROM_ZERO_METHODS names no method: '" + name.trim() + "'; methods are "
                            + Arrays.stream(Method.values()).map(Method::wireName)
                            .collect(Collectors.joining(", ")))));
        }
        return methods;
    }

    private Set<Method> served() {
        Read current = last;
        if (current != null && nanoClock.getAsLong() - current.nextReadNanos() < 0) {
            return current.served();
        }
        if (current == null || maxAgeNanos == 0) {
            reading.lock();
        } else if (!reading.tryLock()) {
            return current.served();
        }
        try {
            current = last;
            long now = nanoClock.getAsLong();
            if (current != null && now - current.nextReadNanos() < 0) {
                return current.served();
            }
            Set<Method> served = Collections.unmodifiableSet(readServed.get());
            served.forEach(method -> lastServedNanos.put(method, now));
            last = new Read(served, now + maxAgeNanos);
            return served;
        } finally {
            reading.unlock();
        }
    }
}
