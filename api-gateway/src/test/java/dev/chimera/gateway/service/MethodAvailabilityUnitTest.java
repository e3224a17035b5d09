package dev.chimera.gateway.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.Method;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Which methods the gateway accepts, how long it trusts its copy of the served ones, and the operator's list. */
class MethodAvailabilityUnitTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(2);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Set<Method> served = EnumSet.noneOf(Method.class);
    private final AtomicInteger reads = new AtomicInteger();
    private final Supplier<Set<Method>> store = () -> {
        reads.incrementAndGet();
        return EnumSet.copyOf(served.isEmpty() ? EnumSet.noneOf(Method.class) : served);
    };

    @Test
    void aMethodIsAvailableWhenServedOrWhenItsPoolScalesFromZero() {
        served.add(Method.CLVAE);
        MethodAvailability availability = new MethodAvailability(store, Set.of(Method.SPLICE), MAX_AGE, nanos::get);

        assertEquals(EnumSet.of(Method.SPLICE, Method.CLVAE), availability.available());
        assertDoesNotThrow(() -> availability.requireAvailable(Method.SPLICE));
        RequestRefusedException refused = assertThrows(RequestRefusedException.class,
                () -> availability.requireAvailable(Method.CROSS_IMAGE_ATTENTION));
        assertEquals(422, refused.status());
        assertEquals("method_unavailable", refused.code());
        assertTrue(refused.getMessage().contains("cross-image-attention"), refused.getMessage());
        assertEquals("method", refused.problems().get(0).field());
    }

    @Test
    void servedMethodsComeFromOneReadUntilItIsMaxAgeOld() {
        MethodAvailability availability = new MethodAvailability(store, Set.of(), MAX_AGE, nanos::get);
        assertThrows(RequestRefusedException.class, () -> availability.requireAvailable(Method.CROSSBREED));

        served.add(Method.CROSSBREED);
        nanos.addAndGet(MAX_AGE.toNanos() - 1);
        assertThrows(RequestRefusedException.class, () -> availability.requireAvailable(Method.CROSSBREED),
                "within max age the copy read before the worker announced still counts");
        nanos.addAndGet(1);
        assertDoesNotThrow(() -> availability.requireAvailable(Method.CROSSBREED));
        assertEquals(2, reads.get());
    }

    @Test
    void aMethodWhoseAnnouncementsLapsedRecentlyIsRefusedForNowWith503() {
        served.add(Method.CROSSBREED);
        MethodAvailability availability = new MethodAvailability(store, Set.of(), MAX_AGE, nanos::get);
        availability.requireAvailable(Method.CROSSBREED);

        served.clear();
        nanos.addAndGet(MAX_AGE.toNanos());
        RequestRefusedException forNow = assertThrows(RequestRefusedException.class,
                () -> availability.requireAvailable(Method.CROSSBREED));
        assertEquals(503, forNow.status());
        assertEquals("method_unavailable", forNow.code());

        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        assertEquals(422, assertThrows(RequestRefusedException.class,
                () -> availability.requireAvailable(Method.CROSSBREED)).status(), "gone for good after the grace");
    }

    @Test
    void aScaleFromZeroMethodCostsNoRead() {
        MethodAvailability availability = new MethodAvailability(store, Set.of(Method.SPLICE), MAX_AGE, nanos::get);

        availability.requireAvailable(Method.SPLICE);

        assertEquals(0, reads.get());
    }

    @Test
    void aZeroMaxAgeReadsForEveryRequest() {
        MethodAvailability availability = new MethodAvailability(store, Set.of(), Duration.ZERO, nanos::get);
        served.add(Method.CLVAE);

        availability.available();
        availability.available();

        assertEquals(2, reads.get());
    }

    @Test
    void theOperatorsListIsReadByWireNameIgnoringBlanksAndRefusingUnknownNames() {
        assertEquals(EnumSet.of(Method.SPLICE, Method.CROSSBREED),
                MethodAvailability.scaleFromZero(List.of(" splice", "crossbreed ", "")));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> MethodAvailability.scaleFromZero(List.of("splice", "SPLICE")));
        assertTrue(unknown.getMessage().contains("'SPLICE'"), unknown.getMessage());
    }
}
