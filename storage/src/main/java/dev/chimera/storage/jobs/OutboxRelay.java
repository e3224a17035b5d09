package dev.chimera.storage.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The loop that moves outbox rows to Kafka, run on a thread its owner starts: it relays at once, again right after
 * each {@link #wake()} (called after a commit that wrote rows), and every poll interval as the fallback that picks up
 * rows other processes or a crashed one left behind. It keeps relaying while batches come back full. Rows are marked
 * sent only after the publisher returned, so a crash in between publishes them again: at-least-once, harmless
 * because every consumer checks job id and attempt.
 *
 * <p>Batches that are not full start at least the batch spacing apart: an idle relay answers a wake at once, while
 * under a stream of wakes the rows of one spacing travel together in one transaction, one produce request and one
 * fetch by each consumer, instead of one of each per row.
 */
public final class OutboxRelay implements Runnable {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Outbox outbox;
    private final OutboxPublisher publisher;
    private final int batchSize;
    private final Duration pollInterval;
    private final long batchSpacingNanos;
    private final Duration backoffAfterFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private boolean wakeRequested;
    private boolean stopRequested;
    private long lastBatchStartedAt;

    /**
     * A relay from {@code outbox} through {@code publisher}, {@code batchSize} rows per transaction, polling every
     * {@code pollInterval} when idle, starting batches at least {@code batchSpacing} apart and pausing
     * {@code backoffAfterFailure} after a failed batch.
     */
    public OutboxRelay(Outbox outbox, OutboxPublisher publisher, int batchSize, Duration pollInterval,
            Duration batchSpacing, Duration backoffAfterFailure) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, was " + batchSize);
        }
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.batchSize = batchSize;
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        if (batchSpacing.isNegative()) {
            throw new IllegalArgumentException("the batch spacing must not be negative, was " + batchSpacing);
        }
        this.batchSpacingNanos = batchSpacing.toNanos();
        this.backoffAfterFailure = Objects.requireNonNull(backoffAfterFailure, "backoffAfterFailure");
    }

    /** Asks the relay to look for rows now instead of at its next poll; cheap and non-blocking. */
    public void wake() {
        signal(() -> wakeRequested = true);
    }

    /** Makes {@link #run} return after the batch in flight, also ending a back-off. */
    public void stop() {
        signal(() -> stopRequested = true);
    }

    /** Relays until {@link #stop()} is called or the thread is interrupted. */
    @Override
    public void run() {
        while (!stopped()) {
            try {
                relayWhileBatchesAreFull();
                awaitWakeOrPoll();
                awaitBatchSpacing();
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay failed, retrying after backoff=%s error=%s", backoffAfterFailure, e);
                backOff();
            }
        }
    }

    /** Publishes one batch of unsent rows and returns how many were sent. */
    public int relayOnce() {
        return outbox.relay(batchSize, publisher);
    }

    private void relayWhileBatchesAreFull() {
        // Rows committed before this point are in the batch, so only a wake from here on asks for another one.
        signal(() -> wakeRequested = false);
        lastBatchStartedAt = System.nanoTime();
        while (!stopped() && relayOnce() == batchSize) {
            LOG.debugf("outbox relay continues after a full batch size=%d", batchSize);
        }
    }

    private void awaitWakeOrPoll() {
        awaitSignal(pollInterval, true);
    }

    private void awaitBatchSpacing() {
        long sinceLastBatch = System.nanoTime() - lastBatchStartedAt;
        if (sinceLastBatch < batchSpacingNanos) {
            awaitSignal(Duration.ofNanos(batchSpacingNanos - sinceLastBatch), false);
        }
    }

    // Wake-ups do not shorten the back-off (a busy service would otherwise hammer a Kafka that is down); a stop does.
    private void backOff() {
        awaitSignal(backoffAfterFailure, false);
    }

    private void awaitSignal(Duration timeout, boolean wakeEndsTheWait) {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!stopRequested && !(wakeEndsTheWait && wakeRequested) && nanos > 0) {
                nanos = signalled.awaitNanos(nanos);
            }
            if (wakeEndsTheWait) {
                wakeRequested = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
        } finally {
            lock.unlock();
        }
    }

    private boolean stopped() {
        lock.lock();
        try {
            return stopRequested;
        } finally {
            lock.unlock();
        }
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            signalled.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
