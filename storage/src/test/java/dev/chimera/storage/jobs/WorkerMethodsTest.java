package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.Method;
import dev.chimera.contract.messages.WorkerAnnouncement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Workers' announcements in the real PostgreSQL. Only these tests write announcements to the test schema; the one
 * that makes cross-image-attention served withdraws it before it ends.
 */
@Tag("integration")
class WorkerMethodsTest {

    private static final Duration VALIDITY = Duration.ofSeconds(60);

    private final JobDatabase database = TestDatabase.shared();
    private final WorkerMethods workers = new WorkerMethods(database);
    // PostgreSQL keeps microseconds.
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private static String freshWorker() {
        return "test-worker-" + UUID.randomUUID();
    }

    @Test
    void anAnnouncementIsRecordedAndItsMethodsAreServedUntilItExpires() {
        String worker = freshWorker();
        WorkerAnnouncement announcement = WorkerAnnouncement.serving(worker,
                List.of(Method.CROSS_IMAGE_ATTENTION, Method.SPLICE), now, VALIDITY);
        try {
            assertTrue(workers.record(announcement));

            assertEquals(Optional.of(announcement), workers.newest(worker));
            assertTrue(workers.served().containsAll(List.of(Method.CROSS_IMAGE_ATTENTION, Method.SPLICE)));
        } finally {
            workers.record(WorkerAnnouncement.withdrawal(worker, now.plusSeconds(1)));
        }
        assertFalse(workers.served().contains(Method.CROSS_IMAGE_ATTENTION));
    }

    @Test
    void anOlderOrRepeatedAnnouncementChangesNothing() {
        String worker = freshWorker();
        WorkerAnnouncement newer = WorkerAnnouncement.serving(worker, List.of(Method.CLVAE), now, VALIDITY);
        WorkerAnnouncement older = WorkerAnnouncement.serving(worker, List.of(Method.CROSSBREED),
                now.minusSeconds(10), VALIDITY);
        assertTrue(workers.record(newer));

        assertFalse(workers.record(older));
        assertFalse(workers.record(newer));

        assertEquals(Optional.of(newer), workers.newest(worker));
    }

    @Test
    void aWithdrawalEndsTheWorkersMethodsAtOnce() {
        String worker = freshWorker();
        workers.record(WorkerAnnouncement.serving(worker, List.of(Method.CROSS_IMAGE_ATTENTION), now, VALIDITY));

        assertTrue(workers.record(WorkerAnnouncement.withdrawal(worker, now.plusMillis(1))));

        assertEquals(List.of(), workers.newest(worker).orElseThrow().methods());
        assertFalse(workers.served().contains(Method.CROSS_IMAGE_ATTENTION));
    }

    @Test
    void anExpiredAnnouncementServesNothing() {
        String worker = freshWorker();
        Instant longAgo = now.minus(Duration.ofHours(1));

        workers.record(WorkerAnnouncement.serving(worker, List.of(Method.CROSS_IMAGE_ATTENTION), longAgo, VALIDITY));

        assertFalse(workers.served().contains(Method.CROSS_IMAGE_ATTENTION));
    }

    @Test
    void announcementsExpiredBeforeTheCutoffAreForgotten() {
        String gone = freshWorker();
        String alive = freshWorker();
        workers.record(WorkerAnnouncement.serving(gone, List.of(Method.CLVAE), now.minus(Duration.ofDays(2)),
                VALIDITY));
        workers.record(WorkerAnnouncement.serving(alive, List.of(Method.CLVAE), now, VALIDITY));

        assertTrue(workers.forgetExpiredBefore(now.minus(Duration.ofDays(1))) >= 1);

        assertTrue(workers.newest(gone).isEmpty());
        assertTrue(workers.newest(alive).isPresent());
    }

    @Test
    void aMethodThisContractDoesNotKnowIsKeptButNotServed() {
        String worker = freshWorker();
        WorkerAnnouncement newer = new WorkerAnnouncement(1, worker, List.of("dream-machine"), now,
                now.plus(VALIDITY));

        workers.record(newer);

        assertEquals(List.of("dream-machine"), workers.newest(worker).orElseThrow().methods());
        assertTrue(workers.served().stream().noneMatch(method -> method.wireName().equals("dream-machine")));
    }
}
