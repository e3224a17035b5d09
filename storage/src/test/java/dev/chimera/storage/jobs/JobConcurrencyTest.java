package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class JobConcurrencyTest {

    private static final int THREADS = 16;

    private final JobDatabase database = TestDatabase.shared();
        private final SubmissionStore submissions = new SubmissionStore(database);
    private final JobQueries queries = new JobQueries(database);
    private final JobTransitions transitions = new JobTransitions(database);
    private final RunningAttempts attempts = new RunningAttempts(database);
    private final String tenant = TestDatabase.freshTenant(database);

    @Test
    void manyThreadsStartingOneJobLetExactlyOneWin() throws Exception {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        List<TransitionResult> results = race(i -> transitions.transition(Transition.start(job.id(), 1)));

        assertExactlyOneApplied(results);
        assertEquals(2, queries.timeline(job.id()).size());
    }

    @Test
    void competingEndingsOfOneRunningJobLetExactlyOneWin() throws Exception {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        transitions.transition(Transition.start(job.id(), 1));
        List<Transition> endings = List.of(
                Transition.succeed(job.id(), 1, Map.of("image", "results/x.png")),
                Transition.fail(job.id(), 1, JobStatus.RUNNING, "WORKER_CRASH", "lost"),
                Transition.cancel(job.id(), 1, JobStatus.RUNNING),
                Transition.redispatch(job.id(), 1));

        List<TransitionResult> results = race(i -> transitions.transition(endings.get(i % endings.size())));

        Job winner = assertExactlyOneApplied(results);
        assertEquals(winner, queries.get(job.id()).orElseThrow());
        assertEquals(3, queries.timeline(job.id()).size());
    }

    @Test
    void manyWorkersClaimingOneLeaseLetExactlyOneHoldIt() throws Exception {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));

        List<Optional<Lease>> leases = race(i -> attempts.claim(job.id(), 1, "worker-" + i, Duration.ofMinutes(1)));

        List<Lease> held = leases.stream().flatMap(Optional::stream).toList();
        assertEquals(1, held.size());
        assertEquals(Optional.of(held.get(0).owner()), queries.get(job.id()).orElseThrow().leaseOwner());
    }

    private static Job assertExactlyOneApplied(List<TransitionResult> results) {
        List<TransitionResult> applied = results.stream().filter(TransitionResult::applied).toList();
        assertEquals(1, applied.size());
        assertTrue(results.stream().filter(result -> !result.applied())
                .allMatch(result -> ((TransitionResult.Refused) result).reason() == Refusal.STALE));
        return assertInstanceOf(TransitionResult.Applied.class, applied.get(0)).job();
    }

    /** Runs the attempt on THREADS threads released at the same instant, and returns every outcome. */
    private static <T> List<T> race(Attempt<T> attempt) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int index = i;
                Callable<T> racer = () -> {
                    go.await();
                    return attempt.run(index);
                };
                futures.add(pool.submit(racer));
            }
            go.countDown();
            List<T> outcomes = new ArrayList<>();
            for (Future<T> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run(int threadIndex);
    }
}
