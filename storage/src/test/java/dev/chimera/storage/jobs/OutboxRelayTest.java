package dev.chimera.storage.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The relay loop over the real outbox of the test schema, publishing to a recording publisher. Other rows of the
 * schema may be relayed too, so each test looks only at its own jobs.
 */
class OutboxRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration NEVER_DURING_A_TEST = Duration.ofMinutes(10);

    private final JobDatabase database = TestDatabase.shared();
    private final JobStore store = new JobStore(database);
    private final Outbox outbox = new Outbox(database);
    private final String tenant = TestDatabase.freshTenant(database);
    private final Set<String> publishedKeys = ConcurrentHashMap.newKeySet();

    private String submitJob() {
        return TestDatabase.submitted(store, TestDatabase.spliceJob(tenant)).id().toString();
    }

    private void record(List<OutboxRecord> batch) {
        batch.forEach(record -> publishedKeys.add(record.key()));
    }

    private void awaitPublished(String... keys) {
        await().atMost(TIMEOUT).until(() -> publishedKeys.containsAll(List.of(keys)));
    }

    /** A relay on a thread of its own; closing it stops the relay and checks that its thread ended. */
    private static final class RunningRelay implements AutoCloseable {

        final OutboxRelay relay;
        private final Thread thread;

        RunningRelay(OutboxRelay relay) {
            this.relay = relay;
            this.thread = new Thread(relay, "outbox-relay-test");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            relay.stop();
            thread.join(TIMEOUT.toMillis());
            assertFalse(thread.isAlive(), "the relay thread is still running after stop");
        }
    }

    @Test
    void relaysWhatWaitsAsSoonAsItStartsAndAgainRightAfterAWake() throws Exception {
        String waiting = submitJob();
        try (RunningRelay running = new RunningRelay(
                new OutboxRelay(outbox, this::record, 100, NEVER_DURING_A_TEST, Duration.ofSeconds(1)))) {
            awaitPublished(waiting);

            String committedLater = submitJob();
            running.relay.wake();

            awaitPublished(committedLater);
        }
    }

    @Test
    void pollsForRowsThatNobodyWokeItFor() throws Exception {
        String first = submitJob();
        try (RunningRelay running = new RunningRelay(
                new OutboxRelay(outbox, this::record, 100, Duration.ofMillis(100), Duration.ofSeconds(1)))) {
            awaitPublished(first);

            String unannounced = submitJob();

            awaitPublished(unannounced);
        }
    }

    @Test
    void keepsRelayingWhileBatchesComeBackFull() throws Exception {
        String[] jobs = IntStream.range(0, 5).mapToObj(i -> submitJob()).toArray(String[]::new);
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();

        try (RunningRelay running = new RunningRelay(new OutboxRelay(outbox, batch -> {
            batchSizes.add(batch.size());
            record(batch);
        }, 2, NEVER_DURING_A_TEST, Duration.ofSeconds(1)))) {
            awaitPublished(jobs);
        }

        assertTrue(batchSizes.size() >= 3, "batches " + batchSizes);
        assertTrue(batchSizes.stream().allMatch(size -> size <= 2), "batches " + batchSizes);
    }

    @Test
    void retriesAFailedBatchAfterTheBackOffWhichWakeUpsDoNotShorten() throws Exception {
        Duration backoff = Duration.ofMillis(1500);
        List<Long> attemptNanos = new CopyOnWriteArrayList<>();
        String job = submitJob();

        try (RunningRelay running = new RunningRelay(new OutboxRelay(outbox, batch -> {
            attemptNanos.add(System.nanoTime());
            if (attemptNanos.size() == 1) {
                throw new IOException("broker unreachable");
            }
            record(batch);
        }, 100, NEVER_DURING_A_TEST, backoff))) {
            await().atMost(TIMEOUT).until(() -> attemptNanos.size() >= 1);
            for (int i = 0; i < 5; i++) {
                running.relay.wake();
            }

            awaitPublished(job);
        }

        long pauseNanos = attemptNanos.get(1) - attemptNanos.get(0);
        assertTrue(pauseNanos >= backoff.toNanos(), "retried after " + Duration.ofNanos(pauseNanos));
    }

    @Test
    void aStopEndsTheBackOff() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        submitJob();
        OutboxRelay relay = new OutboxRelay(outbox, batch -> {
            attempts.incrementAndGet();
            throw new IOException("broker unreachable");
        }, 100, NEVER_DURING_A_TEST, NEVER_DURING_A_TEST);
        Thread thread = new Thread(relay, "outbox-relay-test");
        thread.start();
        await().atMost(TIMEOUT).until(() -> attempts.get() >= 1);

        relay.stop();

        thread.join(TIMEOUT.toMillis());
        assertFalse(thread.isAlive(), "the relay is still backing off after stop");
        assertEquals(1, attempts.get());
    }
}
