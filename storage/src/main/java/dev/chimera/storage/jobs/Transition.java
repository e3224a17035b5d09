package dev.chimera.storage.jobs;

import dev.chimera.contract.JobStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A requested status change of one attempt of a job: applied only if the job is still in {@code from} with this
 * {@code attempt} and the contract allows {@code from → to}. Running → queued is a re-dispatch and starts attempt + 1.
 */
public record Transition(
        UUID jobId,
        int attempt,
        JobStatus from,
        JobStatus to,
        Optional<String> errorCode,
        Optional<String> errorMessage,
        Map<String, String> resultKeys) {

    public Transition {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(errorMessage, "errorMessage");
        resultKeys = Map.copyOf(resultKeys);
    }

    /** Any move, legal or not; the store refuses the illegal ones. */
    public static Transition of(UUID jobId, int attempt, JobStatus from, JobStatus to) {
        return new Transition(jobId, attempt, from, to, Optional.empty(), Optional.empty(), Map.of());
    }

    /** queued → running: a worker started this attempt. */
    public static Transition start(UUID jobId, int attempt) {
        return of(jobId, attempt, JobStatus.QUEUED, JobStatus.RUNNING);
    }

    /** running → succeeded, recording where the results are. */
    public static Transition succeed(UUID jobId, int attempt, Map<String, String> resultKeys) {
        return new Transition(jobId, attempt, JobStatus.RUNNING, JobStatus.SUCCEEDED,
                Optional.empty(), Optional.empty(), resultKeys);
    }

    /** from → failed with a machine-readable code and a message for people. */
    public static Transition fail(UUID jobId, int attempt, JobStatus from, String errorCode, String errorMessage) {
        return new Transition(jobId, attempt, from, JobStatus.FAILED,
                Optional.of(errorCode), Optional.of(errorMessage), Map.of());
    }

    /** from → canceled. */
    public static Transition cancel(UUID jobId, int attempt, JobStatus from) {
        return of(jobId, attempt, from, JobStatus.CANCELED);
    }

    /** queued → expired: the deadline passed before the job started. */
    public static Transition expire(UUID jobId, int attempt) {
        return of(jobId, attempt, JobStatus.QUEUED, JobStatus.EXPIRED);
    }

    /** running → queued with attempt + 1: the lease was lost or the worker released the job. */
    public static Transition redispatch(UUID jobId, int attempt) {
        return of(jobId, attempt, JobStatus.RUNNING, JobStatus.QUEUED);
    }

    /** True for running → queued, which also increments the attempt. */
    public boolean isRedispatch() {
        return from == JobStatus.RUNNING && to == JobStatus.QUEUED;
    }

    /** The attempt the job has after this transition. */
    public int nextAttempt() {
        return isRedispatch() ? attempt + 1 : attempt;
    }
}
