package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The outbox is shared by every test and process using this database, so each test looks only at its own keys. */
@Tag("integration")
class OutboxTest {

    private final JobDatabase database = TestDatabase.shared();
        private final SubmissionStore submissions = new SubmissionStore(database);
    private final Outbox outbox = new Outbox(database);
    private final String tenant = TestDatabase.freshTenant(database);

    @Test
    void aSubmittedJobsMessageIsRelayedExactlyOnce() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        List<OutboxRecord> published = new ArrayList<>();

        drain(published::addAll);
        drain(published::addAll);

        List<OutboxRecord> mine = published.stream().filter(r -> r.key().equals(job.id().toString())).toList();
        assertEquals(1, mine.size());
        assertEquals(TestDatabase.TEST_TOPIC, mine.get(0).topic());
        assertTrue(mine.get(0).payloadJson().contains(job.id().toString()));
    }

    @Test
    void aFailedPublishLeavesTheBatchUnsentForTheNextRelay() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        assertThrows(OutboxPublishException.class, () -> outbox.relay(1000, batch -> {
            throw new java.io.IOException("broker unreachable");
        }));
        List<OutboxRecord> published = new ArrayList<>();
        drain(published::addAll);

        assertEquals(1, published.stream().filter(r -> r.key().equals(job.id().toString())).count());
    }

    @Test
    void concurrentRelaysNeverPublishTheSameRecord() throws Exception {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            mine.add(TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant)).id().toString());
        }
        List<OutboxRecord> heldByFirst = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstHoldsItsBatch = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> outbox.relay(5, batch -> {
            heldByFirst.addAll(batch);
            firstHoldsItsBatch.countDown();
            assertTrue(releaseFirst.await(30, TimeUnit.SECONDS));
        }));
        assertTrue(firstHoldsItsBatch.await(30, TimeUnit.SECONDS));
        List<OutboxRecord> publishedBySecond = new ArrayList<>();
        drain(publishedBySecond::addAll);
        releaseFirst.countDown();
        first.get(30, TimeUnit.SECONDS);

        Set<Long> firstIds = new HashSet<>(heldByFirst.stream().map(OutboxRecord::id).toList());
        assertTrue(publishedBySecond.stream().noneMatch(r -> firstIds.contains(r.id())));
        Set<String> relayedKeys = new HashSet<>();
        heldByFirst.forEach(r -> relayedKeys.add(r.key()));
        publishedBySecond.forEach(r -> relayedKeys.add(r.key()));
        assertTrue(relayedKeys.containsAll(mine));
    }

    /** Relays until nothing unsent is left that this relay can lock. */
    private void drain(OutboxPublisher publisher) {
        while (outbox.relay(100, publisher) > 0) {
            // every round marks a batch sent, so the loop ends
        }
    }
}
