package dev.chimera.storage.jobs;

/** The publisher failed on an outbox batch; the batch stays unsent and the next relay run retries it. */
public class OutboxPublishException extends RuntimeException {

    public OutboxPublishException(int batchSize, Throwable cause) {
        super("publishing an outbox batch of " + batchSize + " failed: " + cause.getMessage(), cause);
    }
}
