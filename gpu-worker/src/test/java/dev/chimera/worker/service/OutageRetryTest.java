package dev.chimera.worker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.chimera.storage.jobs.JobStoreUnavailableException;
import dev.chimera.storage.objects.ObjectNotFoundException;
import dev.chimera.storage.objects.ObjectStoreUnavailableException;
import dev.chimera.worker.pipeline.JobStoppedException;
import dev.chimera.worker.pipeline.StopReason;

class OutageRetryTest {

    private static final OutagePolicy POLICY = new OutagePolicy(Duration.ofMillis(500), Duration.ofSeconds(10),
            Duration.ofSeconds(60));

    private final List<Duration> waits = new ArrayList<>();
    private final OutageRetry retry = new OutageRetry(POLICY);

    @Test
    void waitsDoubleFromTheFirstUpToTheLongest() {
        assertEquals(Duration.ofMillis(500), POLICY.waitBefore(1));
        assertEquals(Duration.ofSeconds(1), POLICY.waitBefore(2));
        assertEquals(Duration.ofSeconds(8), POLICY.waitBefore(5));
        assertEquals(Duration.ofSeconds(10), POLICY.waitBefore(6));
        assertEquals(Duration.ofSeconds(10), POLICY.waitBefore(1_000));
    }

    @Test
    void anObjectStoreOutageShorterThanThePatienceIsWaitedOutInPlace() {
        String result = call(OutageRetry.Outage.STORAGE, failingTimes(3, OutageRetryTest::s3Down, "stored"));

        assertEquals("stored", result);
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)), waits);
    }

    @Test
    void aLongDatabaseOutageIsTriedAgainAtTheLongestWaitApart() {
        String result = call(OutageRetry.Outage.STORAGE, failingTimes(8, OutageRetryTest::databaseDown, "renewed"));

        assertEquals("renewed", result);
        assertEquals(Duration.ofMillis(45_500), waits.stream().reduce(Duration.ZERO, Duration::plus));
    }

    @Test
    void anOutageLongerThanThePatienceFailsWithTheServersError() {
        ObjectStoreUnavailableException down = s3Down();

        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> call(OutageRetry.Outage.STORAGE, () -> {
                    throw down;
                }));

        assertSame(down, thrown);
        Duration waited = waits.stream().reduce(Duration.ZERO, Duration::plus);
        assertEquals(Duration.ofMillis(55_500), waited, "the next wait of 10 s would pass the patience of 60 s");
    }

    @Test
    void aFailureThatIsNotAnOutageIsTheOperationsAnswerAtOnce() {
        ObjectNotFoundException gone = new ObjectNotFoundException("chimera", "inputs/x", null);

        assertSame(gone, assertThrows(ObjectNotFoundException.class, () -> call(OutageRetry.Outage.STORAGE, () -> {
            throw gone;
        })));
        assertEquals(List.of(), waits);
    }

    @Test
    void everyPublishingFailureIsTheBrokersOutage() {
        String result = call(OutageRetry.Outage.BROKER,
                failingTimes(2, () -> new IllegalStateException("broker not available"), "sent"));

        assertEquals("sent", result);
        assertEquals(2, waits.size());
    }

    @Test
    void aStopRequestEndsTheWait() {
        AtomicInteger tries = new AtomicInteger();

        JobStoppedException stopped = assertThrows(JobStoppedException.class,
                () -> retry.call("read input", "job=test", OutageRetry.Outage.STORAGE, wait -> false,
                        () -> new JobStoppedException(StopReason.CANCELED), () -> {
                            tries.incrementAndGet();
                            throw s3Down();
                        }));

        assertEquals(StopReason.CANCELED, stopped.reason());
        assertEquals(1, tries.get());
    }

    private <T> T call(OutageRetry.Outage outage, Supplier<T> action) {
        return retry.call("test operation", "job=test", outage, wait -> waits.add(wait),
                () -> new JobStoppedException(StopReason.CANCELED), action);
    }

    private static <T> Supplier<T> failingTimes(int failures, Supplier<RuntimeException> failure, T result) {
        AtomicInteger calls = new AtomicInteger();
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw failure.get();
            }
            return result;
        };
    }

    private static ObjectStoreUnavailableException s3Down() {
        return new ObjectStoreUnavailableException("http://127.0.0.1:1", new ConnectException("Connection refused"));
    }

    private static JobStoreUnavailableException databaseDown() {
        return new JobStoreUnavailableException("jdbc:postgresql://127.0.0.1:1/chimera",
                new ConnectException("Connection refused"));
    }
}
