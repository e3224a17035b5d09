package dev.chimera.storage.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The relay loop over the real outbox of the test schema, publishing to a recording publisher. Other rows of the
 * schema may be relayed too, so each test looks only at its own jobs.
 */
@Tag("integration")
class OutboxRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration NEVER_DURING_A_TEST = Duration.ofMinutes(10);
    private static final Duration NO_SPACING = Duration.ZERO;

    private final JobDatabase database = TestDatabase.shared();
        private final SubmissionStore submissions = new SubmissionStore(database);
    private final Outbox outbox = new Outbox(database);
    private final String tenant = TestDatabase.freshTenant(database);
    private final Set<String> publishedKeys = ConcurrentHashMap.newKeySet();

    private String submitJob() {
        return TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant)).id().toString();
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
                new OutboxRelay(outbox, this::record, 100, NEVER_DURING_A_TEST, NO_SPACING, Duration.ofSeconds(1)))) {
            awaitPublished(waiting);

            String committedLater = submitJob();
            running.relay.wake();

            awaitPublished(committedLater);
        }
    }

    @Test
    void rowsWokenForWithinTheBatchSpacingTravelInOneBatchAfterIt() throws Exception {
        Duration spacing = Duration.ofSeconds(2);
        List<PublishedBatch> batches = new CopyOnWriteArrayList<>();
        String first = submitJob();
        String[] stream = new String[4];
        try (RunningRelay running = new RunningRelay(new OutboxRelay(outbox, batch -> {
            batches.add(new PublishedBatch(System.nanoTime(), batch.stream().map(OutboxRecord::key).toList()));
            record(batch);
        }, 100, NEVER_DURING_A_TEST, spacing, Duration.ofSeconds(1)))) {
            awaitPublished(first);

            for (int i = 0; i < stream.length; i++) {
                stream[i] = submitJob();
                running.relay.wake();
            }

            awaitPublished(stream);
        }

        Set<String> ours = new HashSet<>(List.of(stream));
        ours.add(first);
        List<PublishedBatch> ourBatches = batches.stream()
                .map(batch -> new PublishedBatch(batch.atNanos(), batch.keys().stream().filter(ours::contains).toList()))
                .filter(batch -> !batch.keys().isEmpty())
                .toList();
        assertEquals(List.of(List.of(first), List.of(stream)), ourBatches.stream().map(PublishedBatch::keys).toList());
        // Published after their reads, whose durations differ: the starts were the spacing apart.
        Duration apart = Duration.ofNanos(ourBatches.get(1).atNanos() - ourBatches.get(0).atNanos());
        assertTrue(apart.compareTo(spacing.minusMillis(500)) >= 0, "batches published " + apart + " apart");
    }

    private record PublishedBatch(long atNanos, List<String> keys) {
    }

    @Test
    void pollsForRowsThatNobodyWokeItFor() throws Exception {
        String first = submitJob();
        try (RunningRelay running = new RunningRelay(
                new OutboxRelay(outbox, this::record, 100, Duration.ofMillis(100), NO_SPACING, Duration.ofSeconds(1)))) {
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
        }, 2, NEVER_DURING_A_TEST, NO_SPACING, Duration.ofSeconds(1)))) {
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
        }, 100, NEVER_DURING_A_TEST, NO_SPACING, backoff))) {
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
        }, 100, NEVER_DURING_A_TEST, NO_SPACING, NEVER_DURING_A_TEST);
        Thread thread = new Thread(relay, "outbox-relay-test");
        thread.start();
        await().atMost(TIMEOUT).until(() -> attempts.get() >= 1);

        relay.stop();

        thread.join(TIMEOUT.toMillis());
        assertFalse(thread.isAlive(), "the relay is still backing off after stop");
        assertEquals(1, attempts.get());
    }
}
