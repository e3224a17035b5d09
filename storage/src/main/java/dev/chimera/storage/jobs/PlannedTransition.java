package dev.chimera.storage.jobs;

import java.util.List;
import java.util.Objects;

/**
 * What to do with one job a sweep has locked: the transition, and the outbox messages to write with it in the same
 * transaction if it applies.
 */
public record PlannedTransition(Transition transition, List<OutboxMessage> publishIfApplied) {

    public PlannedTransition {
        Objects.requireNonNull(transition, "transition");
        publishIfApplied = List.copyOf(publishIfApplied);
    }
}
