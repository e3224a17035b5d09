package dev.chimera.worker.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.chimera.contract.messages.WorkerEvent;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.storage.objects.ObjectNotFoundException;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.worker.pipeline.JobContext;
import dev.chimera.worker.pipeline.JobStoppedException;
import dev.chimera.worker.pipeline.StopReason;
import dev.chimera.worker.pipeline.StoredCheckpoint;
import dev.chimera.worker.pipeline.TrainingReport;

/**
 * The attempt this worker is running: its context for the pipeline (progress events, device, arrays, checkpoints
 * and previews in object storage) and the stop request that cancel, shutdown or a lost lease set from other threads
 * and that takes effect at the next step.
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
    private final AtomicReference<StopReason> stop = new AtomicReference<>();
    private boolean ended;
    private volatile String checkpointKey;
    private volatile String previewKey;
    private Instant lastTrainingReport;

    ActiveJob(WorkOrder order, String workerId, Device device, NDManager manager, JobEvents events,
            ObjectStore objects) {
        this.order = order;
        this.workerId = workerId;
        this.device = device;
        this.manager = manager;
        this.events = events;
        this.objects = objects;
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
     * Publishes the attempt's last event (succeeded, failed or released); nothing published through
     * {@link #publishWhileRunning} comes after it.
     */
    synchronized void publishLast(WorkerEvent event) {
        ended = true;
        events.publish(event);
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
    public NDManager manager() {
        return manager;
    }

    @Override
    public void step(String stage, long step, long totalSteps) {
        checkStop();
        double fraction = totalSteps == 0 ? 0 : Math.min(1.0, (double) step / totalSteps);
        events.publish(WorkerEvent.ProgressReport.of(order.jobId(), order.attempt(), workerId, Instant.now(), fraction,
                stage,                 step, totalSteps, null));
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
        events.publish(WorkerEvent.ProgressReport.training(order.jobId(), order.attempt(), workerId, now, fraction,
                report.stage(), report.step(), report.totalSteps(), report.previewKey(), report.stepsPerSecond(),
                report.etaSeconds(), report.losses()));
    }

    @Override
    public Optional<StoredCheckpoint> resumeCheckpoint() {
        String key = order.resumeCheckpointKey();
        if (key == null) {
            return Optional.empty();
        }
        try (InputStream in = objects.get(key)) {
            byte[] bytes = in.readAllBytes();
            LOG.infof("resuming from checkpoint job=%s attempt=%d worker=%s key=%s", order.jobId(), order.attempt(),
                    workerId, key);
            return Optional.of(new StoredCheckpoint(key, bytes));
        } catch (ObjectNotFoundException e) {
            LOG.warnf("checkpoint gone, starting over job=%s attempt=%d worker=%s key=%s", order.jobId(),
                    order.attempt(), workerId, key);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + key, e);
        }
    }

    @Override
    public boolean saveCheckpoint(long step, byte[] checkpoint) {
        String key = checkpointsPrefix(order.jobId()) + "attempt-" + order.attempt() + "/step-" + step + ".zip";
        try {
            objects.put(key, checkpoint, "application/zip");
            checkpointKey = key;
            events.publish(new WorkerEvent.CheckpointWritten(order.jobId(), order.attempt(), workerId, Instant.now(),
                    key, step));
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
