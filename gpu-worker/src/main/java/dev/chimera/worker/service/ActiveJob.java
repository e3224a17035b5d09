package dev.chimera.worker.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.chimera.contract.messages.WorkerEvent;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.storage.objects.ObjectNotFoundException;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.worker.pipeline.JobCache;
import dev.chimera.worker.pipeline.JobContext;
import dev.chimera.worker.pipeline.JobStoppedException;
import dev.chimera.worker.pipeline.MemoryBudget;
import dev.chimera.worker.pipeline.StopReason;
import dev.chimera.worker.pipeline.StoredCheckpoint;
import dev.chimera.worker.pipeline.TrainingReport;

/**
 * The attempt this worker is running: its context for the pipeline (progress events, device, arrays, memory budget,
 * checkpoints and previews in object storage) and the stop request that cancel, shutdown or a lost lease set from
 * other threads and that takes effect at the next step. What the job needs from a server that may be down (events,
 * the checkpoint it resumes from) is waited for in place through {@link #retrying}.
 */
final class ActiveJob implements JobContext {

    private static final Logger LOG = Logger.getLogger(ActiveJob.class);
    /** Training progress without a new preview is published at most this often; the scheduler throttles anyway. */
    private static final Duration TRAINING_REPORT_INTERVAL = Duration.ofSeconds(1);

    private final WorkOrder order;
    private final String workerId;
    private final Device device;
    private final NDManager manager;
    private final JobEvents events;
    private final ObjectStore objects;
    private final JobCache cache;
    private final OutageRetry outages;
    private final MemoryBudget memoryBudget;
    private final AtomicReference<StopReason> stop = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean ended;
    private volatile String checkpointKey;
    private volatile String previewKey;
    private Instant lastTrainingReport;

    ActiveJob(WorkOrder order, String workerId, Device device, NDManager manager, JobEvents events,
            ObjectStore objects, JobCache cache, OutageRetry outages, MemoryBudget memoryBudget) {
        this.order = order;
        this.workerId = workerId;
        this.device = device;
        this.manager = manager;
        this.events = events;
        this.objects = objects;
        this.cache = cache;
        this.outages = outages;
        this.memoryBudget = memoryBudget;
    }

    /** The prefix of every checkpoint of a job, all attempts. */
    static String checkpointsPrefix(UUID jobId) {
        return "jobs/" + jobId + "/checkpoints/";
    }

    /** The prefix of every preview of a job, all attempts. */
    static String previewsPrefix(UUID jobId) {
        return "jobs/" + jobId + "/previews/";
    }

    WorkOrder order() {
        return order;
    }

    boolean is(UUID jobId, int attempt) {
        return order.jobId().equals(jobId) && order.attempt() == attempt;
    }

    /**
     * The result of {@code action}, an operation of this job against a server that may be down, tried again in
     * place while it is ({@link OutageRetry}); a stop request ends the wait with {@link JobStoppedException}.
     */
    <T> T retrying(String operation, OutageRetry.Outage outage, Supplier<T> action) {
        return outages.call(operation, logSubject(), outage, this::awaitNoStop,
                () -> new JobStoppedException(stop.get()), action);
    }

    /** Publishes an event of the running job, waiting in place while the broker is away. */
    void publish(WorkerEvent event) {
        retrying("publish " + event.type().wireName(), OutageRetry.Outage.BROKER, () -> {
            events.publish(event);
            return null;
        });
    }

    /**
     * Publishes the attempt's last event (succeeded, failed or released), waiting in place while the broker is away
     * whatever stop was requested, since the attempt's end must be told; nothing published through
     * {@link #publishWhileRunning} comes after it.
     */
    synchronized void publishLast(WorkerEvent event) {
        ended = true;
        outages.call("publish " + event.type().wireName(), logSubject(), OutageRetry.Outage.BROKER,
                OutageRetry::pause, () -> new IllegalStateException("interrupted while waiting out an outage"), () -> {
                    events.publish(event);
                    return null;
                });
    }

    /** Publishes an event from outside the job's thread (a heartbeat) unless the last event has gone out. */
    synchronized void publishWhileRunning(WorkerEvent event) {
        if (!ended) {
            events.publish(event);
        }
    }

    /** Asks the job to stop; the first reason wins, so a cancel is not turned into a release by a later shutdown. */
    void requestStop(StopReason reason) {
        stop.compareAndSet(null, reason);
        stopped.countDown();
    }

    /** Waits up to {@code wait}; false as soon as a stop is requested. */
    private boolean awaitNoStop(Duration wait) {
        try {
            return !stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String logSubject() {
        return "job=" + order.jobId() + " attempt=" + order.attempt() + " worker=" + workerId;
    }

    StopReason stopReason() {
        return stop.get();
    }

    /** The newest checkpoint this attempt stored, or null. */
    String checkpointKey() {
        return checkpointKey;
    }

    /** The newest preview this attempt stored, or null. */
    String previewKey() {
        return previewKey;
    }

    /** Throws if a stop was requested: the step boundary of everything outside the pipeline. */
    void checkStop() {
        StopReason reason = stop.get();
        if (reason != null) {
            throw new JobStoppedException(reason);
        }
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public MemoryBudget memoryBudget() {
        return memoryBudget;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void step(String stage, long step, long totalSteps) {
        step(stage, step, totalSteps, null);
    }

    @Override
    public void step(String stage, long step, long totalSteps, String previewKey) {
        checkStop();
        double fraction = totalSteps == 0 ? 0 : Math.min(1.0, (double) step / totalSteps);
        publish(WorkerEvent.ProgressReport.of(order.jobId(), order.attempt(), workerId, Instant.now(), fraction, stage,
                step, totalSteps, previewKey));
    }

    @Override
    public void inversionCached(List<String> inputs) {
        publish(new WorkerEvent.InversionCached(order.jobId(), order.attempt(), workerId, Instant.now(), inputs));
        LOG.infof("inversions read from cache job=%s attempt=%d worker=%s inputs=%s", order.jobId(), order.attempt(),
                workerId, inputs);
    }

    @Override
    public JobCache cache() {
        return cache;
    }

    @Override
    public Optional<StopReason> stopRequested() {
        return Optional.ofNullable(stop.get());
    }

    @Override
    public void trainingProgress(TrainingReport report) {
        Instant now = Instant.now();
        boolean due = report.previewKey() != null || report.step() == report.totalSteps()
                || lastTrainingReport == null || !now.isBefore(lastTrainingReport.plus(TRAINING_REPORT_INTERVAL));
        if (!due) {
            return;
        }
        lastTrainingReport = now;
        double fraction = report.totalSteps() == 0 ? 0 : Math.min(1.0, (double) report.step() / report.totalSteps());
        publish(WorkerEvent.ProgressReport.training(order.jobId(), order.attempt(), workerId, now, fraction,
                report.stage(), report.step(), report.totalSteps(), report.previewKey(), report.stepsPerSecond(),
                report.etaSeconds(), report.losses()));
    }

    @Override
    public Optional<StoredCheckpoint> resumeCheckpoint() {
        String key = order.resumeCheckpointKey();
        if (key == null) {
            return Optional.empty();
        }
        try {
            byte[] bytes = retrying("read checkpoint", OutageRetry.Outage.STORAGE, () -> read(key));
            LOG.infof("resuming from checkpoint job=%s attempt=%d worker=%s key=%s", order.jobId(), order.attempt(),
                    workerId, key);
            return Optional.of(new StoredCheckpoint(key, bytes));
        } catch (ObjectNotFoundException e) {
            LOG.warnf("checkpoint gone, starting over job=%s attempt=%d worker=%s key=%s", order.jobId(),
                    order.attempt(), workerId, key);
            return Optional.empty();
        }
    }

    /** The whole object under {@code key}; a read that breaks off is an {@link UncheckedIOException}. */
    byte[] read(String key) {
        try (InputStream in = objects.get(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + key + " broke off", e);
        }
    }

    @Override
    public boolean saveCheckpoint(long step, byte[] checkpoint) {
        String key = checkpointsPrefix(order.jobId()) + "attempt-" + order.attempt() + "/step-" + step + ".zip";
        try {
            objects.put(key, checkpoint, "application/zip");
            checkpointKey = key;
            publish(new WorkerEvent.CheckpointWritten(order.jobId(), order.attempt(), workerId, Instant.now(), key,
                    step));
            LOG.infof("checkpoint written job=%s attempt=%d worker=%s step=%d key=%s bytes=%d", order.jobId(),
                    order.attempt(), workerId, step, key, checkpoint.length);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("checkpoint not written, retried at the next step job=%s attempt=%d worker=%s step=%d error=%s",
                    order.jobId(), order.attempt(), workerId, step, e.toString());
            return false;
        }
    }

    @Override
    public Optional<String> savePreview(long step, byte[] png) {
        String key = previewsPrefix(order.jobId()) + "attempt-" + order.attempt() + "/step-" + step + ".png";
        try {
            objects.put(key, png, "image/png");
            previewKey = key;
            return Optional.of(key);
        } catch (RuntimeException e) {
            LOG.warnf("preview not written job=%s attempt=%d worker=%s step=%d error=%s", order.jobId(),
                    order.attempt(), workerId, step, e.toString());
            return Optional.empty();
        }
    }
}
