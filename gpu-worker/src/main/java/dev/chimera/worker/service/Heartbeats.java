package dev.chimera.worker.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import dev.chimera.contract.messages.WorkerEvent;

/**
 * Sends heartbeats off the lease timer's thread, one at a time: a broker that does not answer delays heartbeats,
 * never a lease renewal (the lease lives in PostgreSQL; a heartbeat only tells the scheduler). A heartbeat due while
 * the previous one is still on its way is skipped; the next renewal sends a newer one. The sending thread is a
 * daemon that lives as long as the worker.
 */
final class Heartbeats {

    private static final Logger LOG = Logger.getLogger(Heartbeats.class);

    private final ExecutorService sender;
    private final AtomicBoolean inFlight = new AtomicBoolean();

    Heartbeats(String workerId) {
        this.sender = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "heartbeats-" + workerId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sends {@code heartbeat} for {@code job} unless the previous heartbeat is still being sent. */
    void send(ActiveJob job, WorkerEvent.Heartbeat heartbeat) {
        if (!inFlight.compareAndSet(false, true)) {
            LOG.debugf("heartbeat skipped, the previous one is still on its way job=%s attempt=%d",
                    heartbeat.jobId(), heartbeat.attempt());
            return;
        }
        try {
            sender.execute(() -> {
                try {
                    job.publishWhileRunning(heartbeat);
                } catch (RuntimeException e) {
                    LOG.warnf("heartbeat not sent job=%s attempt=%d error=%s", heartbeat.jobId(), heartbeat.attempt(),
                            e.toString());
                } finally {
                    inFlight.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.set(false);
        }
    }
}
