package dev.chimera.storage.jobs;

import java.util.Optional;

/** The outcome of {@link JobTransitions#transition}: applied, or refused with a reason and nothing written. */
public sealed interface TransitionResult {

    /** True when the transition was written. */
    default boolean applied() {
        return this instanceof Applied;
    }

    /** The transition was written; {@code job} is the row after it. */
    record Applied(Job job) implements TransitionResult {
    }

    /** Nothing was written; {@code current} is the job as it is now, when it exists and was read. */
    record Refused(Refusal reason, Optional<Job> current) implements TransitionResult {
    }
}
