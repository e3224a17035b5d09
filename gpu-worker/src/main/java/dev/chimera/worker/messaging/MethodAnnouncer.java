package dev.chimera.worker.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;

import dev.chimera.contract.Method;
import dev.chimera.contract.messages.WorkerAnnouncement;

/**
 * Tells the scheduler, and through PostgreSQL the gateway, which methods this worker serves: at start and then every
 * {@code every} on a thread of its own, each announcement holding for {@code ttl}; on a graceful stop, one withdrawal.
 * A worker that dies without a word stops counting when its last announcement expires. An announcement that cannot
 * be sent is logged and the next one tries again.
 */
final class MethodAnnouncer {

    private static final Logger LOG = Logger.getLogger(MethodAnnouncer.class);
    // Shutdown has its job to release: the withdrawal is worth a moment, not the grace period.
    private static final Duration WITHDRAW_TIMEOUT = Duration.ofSeconds(2);

    private final String workerId;
    private final List<Method> methods;
    private final Duration every;
    private final Duration ttl;
    private final BiConsumer<WorkerAnnouncement, Duration> send;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    /**
     * An announcer of {@code methods} (in their declaration order) that sends through {@code send}, which waits for
     * the broker at most the given time.
     */
    MethodAnnouncer(String workerId, Set<Method> methods, Duration every, Duration ttl,
            BiConsumer<WorkerAnnouncement, Duration> send, Clock clock) {
        this.workerId = workerId;
        this.methods = methods.stream().sorted().toList();
        this.every = every;
        this.ttl = ttl;
        this.send = send;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "announcer-" + workerId));
    }

    /** Announces now, then every period until {@link #withdraw}. */
    void start() {
        LOG.infof("announcing methods worker=%s methods=%s every=%s ttl=%s", workerId,
                methods.stream().map(Method::wireName).toList(), every, ttl);
        timer.scheduleAtFixedRate(this::announce, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops announcing and withdraws this worker's methods; waits a few seconds at most. */
    void withdraw() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(WITHDRAW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            send.accept(WorkerAnnouncement.withdrawal(workerId, clock.instant()), WITHDRAW_TIMEOUT);
            LOG.infof("methods withdrawn worker=%s", workerId);
        } catch (RuntimeException e) {
            LOG.warnf("methods not withdrawn, they expire by themselves worker=%s error=%s", workerId, e.toString());
        }
    }

    // A failed send must not end the schedule: an exception would cancel every later run.
    private void announce() {
        try {
            send.accept(WorkerAnnouncement.serving(workerId, methods, clock.instant(), ttl), every);
        } catch (RuntimeException e) {
            LOG.warnf("announcement failed worker=%s error=%s", workerId, e.toString());
        }
    }
}
