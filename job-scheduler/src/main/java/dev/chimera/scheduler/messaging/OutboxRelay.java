package dev.chimera.scheduler.messaging;

import dev.chimera.storage.jobs.Outbox;
import dev.chimera.storage.jobs.OutboxRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka on a thread of its own: woken right after the scheduler commits rows, and polling
 * as a fallback for rows other processes wrote. Rows are marked sent only after Kafka acknowledged them, so a crash
 * in between publishes them again: at-least-once, harmless because every consumer checks job id and attempt.
 */
public final class OutboxRelay implements Runnable {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);

    private final Outbox outbox;
    private final RecordSender sender;
    private final Duration pollInterval;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wakeRequested;
    private volatile boolean running = true;

    /** A relay from {@code outbox} through {@code sender}, polling every {@code pollInterval} when idle. */
    public OutboxRelay(Outbox outbox, RecordSender sender, Duration pollInterval) {
        this.outbox = outbox;
        this.sender = sender;
        this.pollInterval = pollInterval;
    }

    /** Asks the relay to look for rows now instead of at its next poll. */
    public void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Makes {@link #run} return after the batch in flight. */
    public void stop() {
        running = false;
        wake();
    }

    @Override
    public void run() {
        while (running) {
            Duration wait = pollInterval;
            try {
                if (relayOnce() == BATCH) {
                    continue;
                }
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay failed, retrying error=%s", e.toString());
                wait = FAILURE_BACKOFF;
            }
            awaitWake(wait);
        }
    }

    /** Publishes one batch of unsent rows and returns how many were sent. */
    public int relayOnce() {
        return outbox.relay(BATCH, this::publish);
    }

    private void publish(List<OutboxRecord> batch) throws Exception {
        List<CompletableFuture<?>> acks = new ArrayList<>(batch.size());
        for (OutboxRecord record : batch) {
            acks.add(sender.send(record.topic(), record.key(), record.payloadJson()));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    private void awaitWake(Duration timeout) {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!wakeRequested && running && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            wakeRequested = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }
}
