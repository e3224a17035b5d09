package dev.chimera.worker.service;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.chimera.storage.jobs.JobStoreUnavailableException;
import dev.chimera.storage.objects.ObjectStoreUnavailableException;

/**
 * Runs one operation of a job against a server that may be down, trying it again in place while the server does
 * not answer, as its {@link OutagePolicy} says; a stop request (cancel, shutdown, lost lease) ends the wait at once.
 * Only an outage is waited out: any other failure is the operation's answer and is thrown at once.
 */
final class OutageRetry {

    private static final Logger LOG = Logger.getLogger(OutageRetry.class);

    /** What counts as the server being away rather than the operation failing. */
    enum Outage {
        /** The object store or the database did not answer, or a read from the object store broke off. */
        STORAGE {
            @Override
            boolean covers(RuntimeException failure) {
                return failure instanceof ObjectStoreUnavailableException
                        || failure instanceof JobStoreUnavailableException || failure instanceof UncheckedIOException;
            }
        },
        /** Publishing to the broker failed: a job event is always valid, so a failure is the broker's. */
        BROKER {
            @Override
            boolean covers(RuntimeException failure) {
                return true;
            }
        };

        abstract boolean covers(RuntimeException failure);
    }

    /** Where the waits between tries happen: the running job, whose stop request ends a wait early. */
    interface Waiting {
        /** Waits up to {@code wait}; false if the job was asked to stop meanwhile. */
        boolean await(Duration wait);
    }

    private final OutagePolicy policy;

    OutageRetry(OutagePolicy policy) {
        this.policy = policy;
    }

    /** Waits {@code wait} whatever happens meanwhile; false only when the thread is interrupted. */
    static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The result of {@code operation}, tried again after each {@code outage} until the policy's patience is spent
     * (then the last failure is thrown) or {@code waiting} reports a stop (then {@code stopped} is thrown).
     *
     * @param subject whose operation it is, as log fields, e.g. {@code job=… attempt=…}
     */
    <T> T call(String operation, String subject, Outage outage, Waiting waiting, Supplier<RuntimeException> stopped,
            Supplier<T> action) {
        Duration waited = Duration.ZERO;
        for (int retry = 1;; retry++) {
            try {
                T result = action.get();
                if (retry > 1) {
                    LOG.infof("outage over, operation done %s operation=%s retries=%d waitedMs=%d", subject,
                            operation, retry - 1, waited.toMillis());
                }
                return result;
            } catch (RuntimeException failure) {
                Duration wait = policy.waitBefore(retry);
                if (!outage.covers(failure) || waited.plus(wait).compareTo(policy.patience()) > 0) {
                    throw failure;
                }
                LOG.warnf("server unavailable, waiting in place %s operation=%s retry=%d waitMs=%d error=%s",
                        subject, operation, retry, wait.toMillis(), failure.getMessage());
                if (!waiting.await(wait)) {
                    throw stopped.get();
                }
                waited = waited.plus(wait);
            }
        }
    }
}
