package dev.chimera.storage.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("integration")
class JobTransitionTest {

    private final JobDatabase database = TestDatabase.shared();
        private final SubmissionStore submissions = new SubmissionStore(database);
    private final JobQueries queries = new JobQueries(database);
    private final JobTransitions transitions = new JobTransitions(database);
    private final RunningAttempts attempts = new RunningAttempts(database);
    private final String tenant = TestDatabase.freshTenant(database);

    /** Every ordered pair of states, each expected to be applied exactly when the contract's table allows it. */
    static Stream<Arguments> everyPairOfStates() {
        List<Arguments> pairs = new ArrayList<>();
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                pairs.add(Arguments.of(from, to, from.canMoveTo(to)));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} allowed={2}")
    @MethodSource("everyPairOfStates")
    void appliesExactlyTheTransitionsTheContractAllows(JobStatus from, JobStatus to, boolean allowed) {
        Job job = jobIn(from);

        TransitionResult result = transitions.transition(Transition.of(job.id(), job.attempt(), from, to));

        Job after = queries.get(job.id()).orElseThrow();
        if (allowed) {
            Job applied = assertInstanceOf(TransitionResult.Applied.class, result).job();
            assertEquals(to, applied.status());
            assertEquals(applied, after);
            assertEquals(job.version() + 1, after.version());
            JobEvent last = lastEvent(job.id());
            assertEquals(to, last.status());
            assertEquals(after.attempt(), last.attempt());
        } else {
            TransitionResult.Refused refused = assertInstanceOf(TransitionResult.Refused.class, result);
            assertEquals(Refusal.ILLEGAL_TRANSITION, refused.reason());
            assertEquals(job, after);
            assertEquals(queries.timeline(job.id()).size(), eventsToReach(from));
        }
    }

    @Test
    void refusesATransitionFromATerminalState() {
        for (JobStatus terminal : List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELED,
                JobStatus.EXPIRED)) {
            Job job = jobIn(terminal);
            for (JobStatus to : JobStatus.values()) {
                TransitionResult result = transitions.transition(Transition.of(job.id(), job.attempt(), terminal, to));
                assertFalse(result.applied(), terminal + " -> " + to);
            }
            assertEquals(job, queries.get(job.id()).orElseThrow());
        }
    }

    @Test
    void refusesATransitionWhoseExpectedStatusIsNoLongerCurrent() {
        Job job = jobIn(JobStatus.RUNNING);

        TransitionResult duplicateStart = transitions.transition(Transition.start(job.id(), job.attempt()));

        TransitionResult.Refused refused = assertInstanceOf(TransitionResult.Refused.class, duplicateStart);
        assertEquals(Refusal.STALE, refused.reason());
        assertEquals(job, refused.current().orElseThrow());
        assertEquals(job, queries.get(job.id()).orElseThrow());
    }

    @Test
    void refusesATransitionOfAStaleAttempt() {
        Job first = jobIn(JobStatus.RUNNING);
        Job second = applied(Transition.redispatch(first.id(), first.attempt()));
        Job running = applied(Transition.start(second.id(), second.attempt()));

        TransitionResult lateSuccess = transitions.transition(
                Transition.succeed(first.id(), first.attempt(), Map.of("image", "results/stale.png")));

        TransitionResult.Refused refused = assertInstanceOf(TransitionResult.Refused.class, lateSuccess);
        assertEquals(Refusal.STALE, refused.reason());
        assertEquals(running, queries.get(first.id()).orElseThrow());
        assertEquals(Map.of(), running.resultKeys());
    }

    @Test
    void refusesATransitionOfAnUnknownJob() {
        TransitionResult result = transitions.transition(Transition.start(UUID.randomUUID(), 1));

        TransitionResult.Refused refused = assertInstanceOf(TransitionResult.Refused.class, result);
        assertEquals(Refusal.UNKNOWN_JOB, refused.reason());
        assertTrue(refused.current().isEmpty());
    }

    @Test
    void redispatchStartsTheNextAttemptAndDropsTheLease() {
        Job queued = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        attempts.claim(queued.id(), 1, "worker-a", Duration.ofMinutes(5)).orElseThrow();
        Job running = queries.get(queued.id()).orElseThrow();

        Job requeued = applied(Transition.redispatch(running.id(), 1));

        assertEquals(JobStatus.QUEUED, requeued.status());
        assertEquals(2, requeued.attempt());
        assertTrue(requeued.leaseOwner().isEmpty());
        assertTrue(requeued.leaseExpiresAt().isEmpty());
        JobEvent event = lastEvent(queued.id());
        assertEquals(JobEventType.REDISPATCHED, event.type());
        assertEquals(2, event.attempt());
        assertEquals(JobStatus.QUEUED, event.status());
    }

    @Test
    void successRecordsResultsAndCompletesProgress() {
        Job running = jobIn(JobStatus.RUNNING);
        Map<String, String> results = Map.of("image", "results/" + running.id() + "/out.png");

        Job succeeded = applied(Transition.succeed(running.id(), running.attempt(), results));

        assertEquals(results, succeeded.resultKeys());
        assertEquals(1.0, succeeded.progress());
        assertTrue(succeeded.startedAt().isPresent());
        assertTrue(succeeded.finishedAt().isPresent());
    }

    @Test
    void failureRecordsTheErrorCodeAndMessage() {
        Job running = jobIn(JobStatus.RUNNING);

        Job failed = applied(Transition.fail(running.id(), running.attempt(), JobStatus.RUNNING,
                "OUT_OF_MEMORY", "CUDA out of memory at step 42"));

        assertEquals(Optional.of("OUT_OF_MEMORY"), failed.errorCode());
        assertEquals(Optional.of("CUDA out of memory at step 42"), failed.errorMessage());
        assertTrue(lastEvent(running.id()).payloadJson().contains("OUT_OF_MEMORY"));
    }

    @Test
    void theTimelineRecordsEveryAppliedTransitionInOrder() {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        applied(Transition.start(job.id(), 1));
        applied(Transition.redispatch(job.id(), 1));
        applied(Transition.start(job.id(), 2));
        transitions.transition(Transition.start(job.id(), 2));
        applied(Transition.succeed(job.id(), 2, Map.of()));

        List<JobEvent> timeline = queries.timeline(job.id());

        assertEquals(List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.QUEUED, JobStatus.RUNNING,
                JobStatus.SUCCEEDED), timeline.stream().map(JobEvent::status).toList());
        assertEquals(List.of(1, 1, 2, 2, 2), timeline.stream().map(JobEvent::attempt).toList());
        assertEquals(List.of(JobEventType.SUBMITTED, JobEventType.TRANSITIONED, JobEventType.REDISPATCHED,
                JobEventType.TRANSITIONED, JobEventType.TRANSITIONED),
                timeline.stream().map(JobEvent::type).toList());
    }

    private Job jobIn(JobStatus status) {
        Job job = TestDatabase.submitted(submissions, TestDatabase.spliceJob(tenant));
        return switch (status) {
            case QUEUED -> job;
            case RUNNING -> applied(Transition.start(job.id(), 1));
            case SUCCEEDED -> {
                applied(Transition.start(job.id(), 1));
                yield applied(Transition.succeed(job.id(), 1, Map.of()));
            }
            case FAILED -> applied(Transition.fail(job.id(), 1, JobStatus.QUEUED, "UNROUTABLE", "no worker"));
            case CANCELED -> applied(Transition.cancel(job.id(), 1, JobStatus.QUEUED));
            case EXPIRED -> applied(Transition.expire(job.id(), 1));
        };
    }

    private static int eventsToReach(JobStatus status) {
        return switch (status) {
            case QUEUED -> 1;
            case RUNNING, FAILED, CANCELED, EXPIRED -> 2;
            case SUCCEEDED -> 3;
        };
    }

    private Job applied(Transition transition) {
        return assertInstanceOf(TransitionResult.Applied.class, transitions.transition(transition)).job();
    }

    private JobEvent lastEvent(UUID jobId) {
        List<JobEvent> timeline = queries.timeline(jobId);
        return timeline.get(timeline.size() - 1);
    }
}
