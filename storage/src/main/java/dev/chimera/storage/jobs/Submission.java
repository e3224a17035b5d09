package dev.chimera.storage.jobs;

/** What {@link SubmissionStore#submit} did with a new job. */
public sealed interface Submission {

    /** The job as it is stored now (for a conflict: the job that owns the key). */
    Job job();

    /** The job was inserted, with its outbox message and its first timeline entry. */
    record Created(Job job) implements Submission {
    }

    /** The same tenant already submitted the same body under this idempotency key: this is that job, unchanged. */
    record Replayed(Job job) implements Submission {
    }

    /** The idempotency key is taken by a job with a different body; nothing was written. */
    record IdempotencyConflict(Job job) implements Submission {
    }
}
