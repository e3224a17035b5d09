package dev.chimera.scheduler.service;

import dev.chimera.storage.jobs.AdmissionPolicy;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobAdmission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Publishes work orders only for jobs that may run now: runs an admission pass whenever something may have freed a
 * slot or a budget (a job submitted, started or ended, a worker announced itself) and at least every
 * {@code interval}, and takes back admissions no worker started within {@code dispatchTimeout}. Wakes that arrive
 * during a pass fold into one more pass. The pass's work orders are outbox rows, so the relay is woken after it.
 */
public final class Dispatcher implements Runnable {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final JobAdmission admission;
    private final AdmissionPolicy policy;
    private final Duration interval;
    private final Duration dispatchTimeout;
    private final Runnable wakeRelay;
    private final SchedulerMetrics metrics;
    private final Clock clock;
    private final Semaphore wakes = new Semaphore(0);
    private volatile boolean running = true;
    private Instant nextStaleSweep = Instant.MIN;

    /** A dispatcher admitting with {@code admission} under {@code policy}. */
    public Dispatcher(JobAdmission admission, AdmissionPolicy policy, Duration interval, Duration dispatchTimeout,
            Runnable wakeRelay, SchedulerMetrics metrics, Clock clock) {
        this.admission = admission;
        this.policy = policy;
        this.interval = interval;
        this.dispatchTimeout = dispatchTimeout;
        this.wakeRelay = wakeRelay;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Asks for a pass soon; cheap, and many calls before the pass starts cause one pass. */
    public void wake() {
        if (wakes.availablePermits() == 0) {
            wakes.release();
        }
    }

    /** Runs one admission pass now and returns the jobs it admitted. */
    public List<Job> admitNow() {
        Instant now = clock.instant();
        if (!now.isBefore(nextStaleSweep)) {
            nextStaleSweep = now.plus(interval);
            int readmitted = admission.readmitStale(dispatchTimeout);
            if (readmitted > 0) {
                LOG.infof("dispatches taken back count=%d olderThan=%s", readmitted, dispatchTimeout);
                metrics.readmitted(readmitted);
            }
        }
        List<Job> admitted = metrics.admissionTimer().record(
                () -> admission.admit(policy, job -> WorkOrders.outboxMessage(
                        WorkOrders.of(job, job.attempt(), job.checkpointKey().orElse(null), clock.instant()))));
        if (!admitted.isEmpty()) {
            wakeRelay.run();
            metrics.admitted(admitted.size());
            for (Job job : admitted) {
                LOG.infof("job admitted job=%s attempt=%d tenant=%s kind=%s", job.id(), job.attempt(),
                        job.tenantId(), job.kind().wireName());
            }
        }
        return admitted;
    }

    @Override
    public void run() {
        while (running) {
            try {
                wakes.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
                wakes.drainPermits();
                if (running) {
                    admitNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The next wake or interval tries again: PostgreSQL holds the queue, nothing is lost.
                LOG.warnf("admission pass failed error=%s", e.toString());
            }
        }
    }

    /** Ends {@link #run()} after the current pass. */
    public void stop() {
        running = false;
        wakes.release();
    }
}
