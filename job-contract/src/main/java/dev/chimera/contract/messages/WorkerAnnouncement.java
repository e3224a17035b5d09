package dev.chimera.contract.messages;

import dev.chimera.contract.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The methods one worker serves, sent on {@code chimera.workers.methods} keyed by worker id when the worker starts and
 * then periodically; it holds until {@code expiresAt}, so a worker that dies without a word stops counting once its
 * last announcement expires. A worker that stops gracefully sends a withdrawal: no methods, expiring at once. Readers
 * keep each worker's newest announcement (by {@code announcedAt}) and ignore older ones, so duplicates and reordering
 * are harmless.
 *
 * @param methods wire names of the methods, not {@link Method}s: a reader that does not know a newer method still
 *     records the others
 */
public record WorkerAnnouncement(
        int schemaVersion,
        String workerId,
        List<String> methods,
        Instant announcedAt,
        Instant expiresAt) {

    /** Checks the fields every reader relies on. */
    public WorkerAnnouncement {
        SchemaVersion.check(schemaVersion);
        if (MessageChecks.present(workerId, "workerId").isBlank()) {
            throw new IllegalArgumentException("workerId must not be blank");
        }
        methods = List.copyOf(MessageChecks.present(methods, "methods"));
        MessageChecks.present(announcedAt, "announcedAt");
        MessageChecks.present(expiresAt, "expiresAt");
        if (expiresAt.isBefore(announcedAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is before announcedAt " + announcedAt);
        }
    }

    /** The worker serves {@code methods} from {@code now} for {@code validFor}, at the current schema version. */
    public static WorkerAnnouncement serving(String workerId, Collection<Method> methods, Instant now,
            Duration validFor) {
        if (validFor.isNegative() || validFor.isZero()) {
            throw new IllegalArgumentException("an announcement must hold for some time, was " + validFor);
        }
        return new WorkerAnnouncement(SchemaVersion.CURRENT, workerId,
                methods.stream().map(Method::wireName).toList(), now, now.plus(validFor));
    }

    /** The worker serves nothing from {@code now} on: it is stopping. */
    public static WorkerAnnouncement withdrawal(String workerId, Instant now) {
        return new WorkerAnnouncement(SchemaVersion.CURRENT, workerId, List.of(), now, now);
    }

    /** The announced methods this reader's contract knows, in announcement order. */
    public Set<Method> knownMethods() {
        Set<Method> known = new LinkedHashSet<>();
        methods.stream().map(Method::fromWireName).flatMap(Optional::stream).forEach(known::add);
        return known;
    }
}
