package dev.chimera.gateway.messaging;

import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.storage.jobs.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Moves outbox rows to Kafka on one background thread: woken right after each commit that wrote a row, and polling
 * every {@code chimera.outbox.poll-interval} as the fallback that also picks up rows a crashed process left behind.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration BACKOFF_AFTER_FAILURE = Duration.ofSeconds(1);

    private final Outbox outbox;
    private final KafkaOutboxPublisher publisher;
    private final Duration pollInterval;
    private final int batchSize;
    private final Semaphore wakeups = new Semaphore(0);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private Thread thread;

    public OutboxRelay(Outbox outbox, KafkaOutboxPublisher publisher, GatewayConfig config) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.pollInterval = config.outbox().pollInterval();
        this.batchSize = config.outbox().batchSize();
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopRequested.countDown();
        wake();
        if (thread != null) {
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }

    /** Asks the relay to run now; cheap and non-blocking, for right after a commit that wrote outbox rows. */
    public void wake() {
        wakeups.release();
    }

    private void run() {
        while (running()) {
            try {
                wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
                while (running() && outbox.relay(batchSize, publisher) == batchSize) {
                    LOG.debugf("outbox relay continues with a full batch size=%d", batchSize);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay failed, retrying error=%s", e.getMessage());
                pause();
            }
        }
    }

    private boolean running() {
        return stopRequested.getCount() > 0;
    }

    // Wake-ups do not shorten the back-off (a busy gateway would otherwise hammer a Kafka that is down); a stop does.
    private void pause() {
        try {
            stopRequested.await(BACKOFF_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested.countDown();
        }
    }
}
