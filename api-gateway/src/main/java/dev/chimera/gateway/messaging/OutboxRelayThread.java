package dev.chimera.gateway.messaging;

import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.storage.jobs.Outbox;
import dev.chimera.storage.jobs.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * The gateway's outbox relay: the shared relay loop ({@link OutboxRelay}) publishing through
 * {@link KafkaOutboxPublisher} on one background thread from startup to shutdown, polling every
 * {@code chimera.outbox.poll-interval} and woken by {@link #wake()} right after each commit that wrote a row.
 */
@ApplicationScoped
public class OutboxRelayThread {

    private static final Duration BACKOFF_AFTER_FAILURE = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final OutboxRelay loop;
    private Thread thread;

    public OutboxRelayThread(Outbox outbox, KafkaOutboxPublisher publisher, GatewayConfig config) {
        this.loop = new OutboxRelay(outbox, publisher, config.outbox().batchSize(),
                config.outbox().pollInterval(), config.outbox().batchSpacing(), BACKOFF_AFTER_FAILURE);
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        loop.stop();
        if (thread != null) {
            thread.join(STOP_TIMEOUT.toMillis());
        }
    }

    /** Asks the relay to run now; cheap and non-blocking, for right after a commit that wrote outbox rows. */
    public void wake() {
        loop.wake();
    }
}
