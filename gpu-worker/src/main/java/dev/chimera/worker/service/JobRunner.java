package dev.chimera.worker.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import dev.chimera.contract.FailureCode;
import dev.chimera.contract.Method;
import dev.chimera.contract.messages.WorkerEvent;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.contract.params.MethodParams;
import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.ProblemCode;
import dev.chimera.storage.jobs.JobStoreUnavailableException;
import dev.chimera.storage.jobs.Lease;
import dev.chimera.storage.jobs.RunningAttempts;
import dev.chimera.storage.objects.ObjectInfo;
import dev.chimera.storage.objects.ObjectNotFoundException;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.storage.objects.ObjectStoreUnavailableException;
import dev.chimera.worker.models.ModelCorruptException;
import dev.chimera.worker.models.ModelUnavailableException;
import dev.chimera.worker.pipeline.InputImages;
import dev.chimera.worker.pipeline.JobContext;
import dev.chimera.worker.pipeline.JobStoppedException;
import dev.chimera.worker.pipeline.MemoryBudget;
import dev.chimera.worker.pipeline.Pipeline;
import dev.chimera.worker.pipeline.PipelineFailure;
import dev.chimera.worker.pipeline.PipelineResult;
import dev.chimera.worker.pipeline.StopReason;

/**
 * Runs one work order at a time on this worker's device: claims the attempt's lease (the worker's only database
 * write, a conditional UPDATE only one claimant wins), renews it every ttl/3, runs the method's pipeline, writes the
 * results and reports every step as a WorkerEvent. A cancel, a shutdown or a lost lease stops the job at its next step.
 *
 * <p>Failures are classified ({@link FailureCode#failureClass()}): a deterministic one fails the job at once; an
 * outage of object storage, the database or the broker is waited out in place ({@link OutagePolicy}) without
 * spending the attempt; anything else fails {@code worker_error}, which the scheduler retries. Running out of memory,
 * in Java or in libtorch, ends only the job ({@code out_of_memory}), whose arrays are freed with it.
 *
 * <p>The lease while the database is down: renewals fail, and the job runs on, since nobody can claim or re-dispatch
 * it either. Results are written but success is announced only after a renewal succeeded (a lapsed lease is revived
 * by its owner as long as the lease watchdog has not moved the job); if the watchdog moved it first, the renewal
 * finds the attempt gone and the job stops without announcing anything. So an attempt's end is told at most once.
 */
public final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final String workerId;
    private final Device device;
    private final RunningAttempts attempts;
    private final ObjectStore objects;
    private final ResultWriter results;
    private final ObjectStoreCache cache;
    private final Map<Method, Pipeline<?>> pipelines = new LinkedHashMap<>();
    private final JobEvents events;
    private final Duration leaseTtl;
    private final boolean keepCheckpoints;
    private final ScheduledExecutorService leaseTimer;
    private final BusyListener busyListener;
    private final OutageRetry outages;
    private final OutagePolicy outagePolicy;
    private final MemoryBudget memoryBudget;
    private final Heartbeats heartbeats;
    private final AtomicReference<ActiveJob> active = new AtomicReference<>();
    private volatile boolean shuttingDown;

    /**
     * A runner for {@code pipelines}, renewing leases on {@code leaseTimer}; a job's checkpoints are deleted once its
     * result is stored (or it was canceled) unless {@code keepCheckpoints}; {@code busyListener} hears when a claimed
     * job starts and when it has ended; {@code outagePolicy} says how long a job waits out a server's outage, and
     * {@code memoryBudget} how much memory its tensors may take.
     */
    public JobRunner(String workerId, Device device, RunningAttempts attempts, ObjectStore objects,
            List<Pipeline<?>> pipelines, JobEvents events, Duration leaseTtl, boolean keepCheckpoints,
            ScheduledExecutorService leaseTimer, BusyListener busyListener, OutagePolicy outagePolicy,
            MemoryBudget memoryBudget) {
        this.workerId = workerId;
        this.device = device;
        this.attempts = attempts;
        this.objects = objects;
        this.results = new ResultWriter(objects);
        this.cache = new ObjectStoreCache(objects);
        pipelines.forEach(pipeline -> this.pipelines.put(pipeline.spec().method(), pipeline));
        this.events = events;
        this.leaseTtl = leaseTtl;
        this.keepCheckpoints = keepCheckpoints;
        this.leaseTimer = leaseTimer;
        this.busyListener = busyListener;
        this.outagePolicy = outagePolicy;
        this.outages = new OutageRetry(outagePolicy);
        this.memoryBudget = memoryBudget;
        this.heartbeats = new Heartbeats(workerId);
    }

    /** The worker's id, the lease owner name. */
    public String workerId() {
        return workerId;
    }

    /** The device jobs run on. */
    public Device device() {
        return device;
    }

    /** The methods this runner has a pipeline for. */
    public Set<Method> methods() {
        return Set.copyOf(pipelines.keySet());
    }

    /** Claims and runs {@code order}; returns how it ended for this worker. Never throws for a job's failure. */
    public JobOutcome run(WorkOrder order) {
        return run(order, () -> { });
    }

    /**
     * Claims and runs {@code order}, running {@code onClaimed} on the job thread as soon as the claim is won (the
     * lease, not the work order, owns the job from then on); returns how it ended for this worker.
     */
    public JobOutcome run(WorkOrder order, Runnable onClaimed) {
        if (shuttingDown) {
            return JobOutcome.NOT_STARTED;
        }
        Optional<Lease> lease;
        try {
            lease = attempts.claim(order.jobId(), order.attempt(), workerId, leaseTtl);
        } catch (JobStoreUnavailableException e) {
            LOG.warnf("claim impossible, order kept for later job=%s attempt=%d worker=%s error=%s", order.jobId(),
                    order.attempt(), workerId, e.getMessage());
            return JobOutcome.NOT_STARTED;
        }
        if (lease.isEmpty()) {
            LOG.infof("claim lost, order skipped job=%s attempt=%d worker=%s", order.jobId(), order.attempt(),
                    workerId);
            return JobOutcome.CLAIM_LOST;
        }
        onClaimed.run();
        busyListener.busy();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            ActiveJob job = new ActiveJob(order, workerId, device, manager, events, objects, cache, outages,
                    memoryBudget);
            active.set(job);
            if (shuttingDown) {
                job.requestStop(StopReason.SHUTDOWN);
            }
            LOG.infof("job started job=%s attempt=%d tenant=%s method=%s worker=%s device=%s", order.jobId(),
                    order.attempt(), order.tenant(), order.method().wireName(), workerId, device);
            long renewEvery = Math.max(1, leaseTtl.toMillis() / 3);
            ScheduledFuture<?> renewal = leaseTimer.scheduleAtFixedRate(() -> renew(job), renewEvery, renewEvery,
                    TimeUnit.MILLISECONDS);
            try {
                return runClaimed(job, lease.get());
            } finally {
                renewal.cancel(false);
                active.set(null);
            }
        } finally {
            busyListener.idle();
        }
    }

    /**
     * Fails the attempt of a work order that names its job and attempt but cannot be read: claims it (so that only
     * one worker reports it) and publishes {@code failed} with {@code unreadable_work_order}, without retry. Returns
     * false when the claim was lost or impossible.
     */
    public boolean failUnreadable(UUID jobId, int attempt, String problem) {
        Optional<Lease> lease;
        try {
            lease = attempts.claim(jobId, attempt, workerId, leaseTtl);
        } catch (JobStoreUnavailableException e) {
            LOG.warnf("claim impossible for an unreadable order job=%s attempt=%d worker=%s error=%s", jobId, attempt,
                    workerId, e.getMessage());
            return false;
        }
        if (lease.isEmpty()) {
            return false;
        }
        LOG.infof("job failed job=%s attempt=%d worker=%s code=%s retryable=false message=%s", jobId, attempt,
                workerId, FailureCode.UNREADABLE_WORK_ORDER.wireName(), problem);
        events.publish(new WorkerEvent.Failed(jobId, attempt, workerId, Instant.now(),
                FailureCode.UNREADABLE_WORK_ORDER.wireName(), problem, false));
        return true;
    }

    /** Stops the running job at its next step if it is this attempt; false when this worker does not run it. */
    public boolean cancel(UUID jobId, int attempt) {
        ActiveJob job = active.get();
        if (job == null || !job.is(jobId, attempt)) {
            return false;
        }
        LOG.infof("cancel requested job=%s attempt=%d worker=%s", jobId, attempt, workerId);
        job.requestStop(StopReason.CANCELED);
        return true;
    }

    /** Refuses new orders and stops the running job at its next step; it will be released. */
    public void shutDown() {
        shuttingDown = true;
        ActiveJob job = active.get();
        if (job != null) {
            LOG.infof("shutdown stops job=%s attempt=%d worker=%s", job.order().jobId(), job.order().attempt(),
                    workerId);
            job.requestStop(StopReason.SHUTDOWN);
        }
    }

    /** Whether a job is running right now. */
    public boolean busy() {
        return active.get() != null;
    }

    private JobOutcome runClaimed(ActiveJob job, Lease lease) {
        WorkOrder order = job.order();
        try {
            job.publish(new WorkerEvent.Started(order.jobId(), order.attempt(), workerId, Instant.now(),
                    lease.expiresAt(), DeviceSelection.name(device)));
            TypedRun<?> run = typed(pipeline(order), order);
            InputImages inputs = new InputImages(inputs(job));
            job.checkStop();
            PipelineResult result = run.run(inputs, job);
            job.checkStop();
            List<String> keys = job.retrying("write results", OutageRetry.Outage.STORAGE,
                    () -> results.write(order, run.params(), result, device, workerId));
            // Results of an attempt whose lease has gone are never announced: re-check it right before publishing.
            if (job.retrying("renew lease", OutageRetry.Outage.STORAGE,
                    () -> attempts.renewLease(order.jobId(), order.attempt(), workerId, leaseTtl)).isEmpty()) {
                job.requestStop(StopReason.LEASE_LOST);
            }
            job.checkStop();
            job.publishLast(new WorkerEvent.Succeeded(order.jobId(), order.attempt(), workerId, Instant.now(), keys));
            LOG.infof("job succeeded job=%s attempt=%d worker=%s results=%d trained=%s", order.jobId(),
                    order.attempt(), workerId, keys.size(), result.weights().trained());
            deleteCheckpoints(job);
            return JobOutcome.SUCCEEDED;
        } catch (JobStoppedException e) {
            return stopped(job, e.reason());
        } catch (PipelineFailure e) {
            return failed(job, e.code(), e.getMessage());
        } catch (ModelCorruptException e) {
            return failed(job, FailureCode.MODEL_CORRUPT, e.getMessage());
        } catch (ModelUnavailableException e) {
            return failed(job, FailureCode.MODEL_UNAVAILABLE, e.getMessage());
        } catch (ObjectStoreUnavailableException | JobStoreUnavailableException e) {
            LOG.warnf("storage still unavailable after waiting job=%s attempt=%d worker=%s patience=%s error=%s",
                    order.jobId(), order.attempt(), workerId, outagePolicy.patience(), e.getMessage());
            return failed(job, FailureCode.STORAGE_UNAVAILABLE, "the worker could not reach its storage for "
                    + outagePolicy.patience().toMinutes() + " minutes; the job is tried again later");
        } catch (OutOfMemoryError e) {
            LOG.errorf("job ran out of Java memory job=%s attempt=%d worker=%s error=%s", order.jobId(),
                    order.attempt(), workerId, e.getMessage());
            return outOfMemory(job);
        } catch (EngineException e) {
            if (!NativeAllocationFailure.is(e)) {
                return crashed(job, e);
            }
            LOG.errorf("job ran out of native memory job=%s attempt=%d worker=%s device=%s error=%s", order.jobId(),
                    order.attempt(), workerId, device, e.getMessage());
            return outOfMemory(job);
        } catch (RuntimeException e) {
            return crashed(job, e);
        }
    }

    private JobOutcome outOfMemory(ActiveJob job) {
        return failed(job, FailureCode.OUT_OF_MEMORY, "the job needed more memory than this worker has; smaller"
                + " images or parameters need less");
    }

    private JobOutcome crashed(ActiveJob job, RuntimeException e) {
        WorkOrder order = job.order();
        LOG.errorf(e, "job crashed job=%s attempt=%d worker=%s", order.jobId(), order.attempt(), workerId);
        return failed(job, FailureCode.WORKER_ERROR, "the worker failed unexpectedly; the job is tried again"
                + " (the worker's log has the details under job " + order.jobId() + ")");
    }

    private JobOutcome stopped(ActiveJob job, StopReason reason) {
        WorkOrder order = job.order();
        LOG.infof("job stopped job=%s attempt=%d worker=%s reason=%s", order.jobId(), order.attempt(), workerId,
                reason);
        return switch (reason) {
            case CANCELED -> {
                deleteCheckpoints(job);
                yield JobOutcome.CANCELED;
            }
            case LEASE_LOST -> JobOutcome.LEASE_LOST;
            case SHUTDOWN -> {
                // The newest checkpoint of this attempt, else none: the scheduler then keeps the one it knows.
                job.publishLast(new WorkerEvent.Released(order.jobId(), order.attempt(), workerId, Instant.now(),
                        job.checkpointKey()));
                yield JobOutcome.RELEASED;
            }
        };
    }

    /**
     * Deletes every checkpoint of an ended job (all attempts) and every preview but the newest, unless the retention
     * keeps them. Leftovers only cost storage, so a failure is logged and the outcome stands.
     */
    private void deleteCheckpoints(ActiveJob job) {
        if (keepCheckpoints) {
            return;
        }
        UUID jobId = job.order().jobId();
        try {
            int deleted = 0;
            for (String prefix : List.of(ActiveJob.checkpointsPrefix(jobId), ActiveJob.previewsPrefix(jobId))) {
                for (ObjectInfo object : objects.list(prefix)) {
                    if (!object.key().equals(job.previewKey())) {
                        objects.delete(object.key());
                        deleted++;
                    }
                }
            }
            if (deleted > 0) {
                LOG.infof("checkpoints deleted job=%s attempt=%d worker=%s objects=%d", jobId, job.order().attempt(),
                        workerId, deleted);
            }
        } catch (RuntimeException e) {
            LOG.warnf("checkpoints not deleted job=%s attempt=%d worker=%s error=%s", jobId, job.order().attempt(),
                    workerId, e.toString());
        }
    }

    private JobOutcome failed(ActiveJob job, FailureCode code, String message) {
        if (job.stopReason() != null) {
            return stopped(job, job.stopReason());
        }
        WorkOrder order = job.order();
        LOG.infof("job failed job=%s attempt=%d worker=%s code=%s retryable=%s message=%s", order.jobId(),
                order.attempt(), workerId, code.wireName(), code.retryable(), message);
        job.publishLast(new WorkerEvent.Failed(order.jobId(), order.attempt(), workerId, Instant.now(), code.wireName(),
                message == null ? code.wireName() : message, code.retryable()));
        return JobOutcome.FAILED;
    }

    private void renew(ActiveJob job) {
        WorkOrder order = job.order();
        try {
            Optional<Lease> renewed = attempts.renewLease(order.jobId(), order.attempt(), workerId, leaseTtl);
            if (renewed.isEmpty()) {
                LOG.warnf("lease lost job=%s attempt=%d worker=%s", order.jobId(), order.attempt(), workerId);
                job.requestStop(StopReason.LEASE_LOST);
                return;
            }
            // A renewal racing the job's end must not announce a heartbeat after its last event.
            heartbeats.send(job, new WorkerEvent.Heartbeat(order.jobId(), order.attempt(), workerId, Instant.now(),
                    renewed.get().expiresAt()));
        } catch (RuntimeException e) {
            // The next renewal tries again. A lease that lapses meanwhile (the database is down) is revived by that
            // renewal unless the lease watchdog moved the job first, which that renewal then finds.
            LOG.warnf("lease renewal failed job=%s attempt=%d worker=%s error=%s", order.jobId(), order.attempt(),
                    workerId, e.toString());
        }
    }

    /** A pipeline with the order's parameters read into its own record type. */
    private record TypedRun<P extends MethodParams>(Pipeline<P> pipeline, P params) {
        PipelineResult run(InputImages inputs, JobContext context) {
            return pipeline.run(params, inputs, context);
        }
    }

    private static <P extends MethodParams> TypedRun<P> typed(Pipeline<P> pipeline, WorkOrder order) {
        List<Problem> problems = new ArrayList<>();
        P params = pipeline.spec().read(order.params(), problems);
        if (order.kind() != pipeline.spec().kind()) {
            problems.add(new Problem(ProblemCode.METHOD_NOT_FOR_KIND, "method", order.method().wireName()
                    + " serves " + pipeline.spec().kind().wireName() + " jobs, not " + order.kind().wireName()));
        }
        if (!problems.isEmpty()) {
            throw new PipelineFailure(FailureCode.INVALID_PARAMS, "the stored parameters do not validate: "
                    + problems);
        }
        return new TypedRun<>(pipeline, params);
    }

    private Pipeline<?> pipeline(WorkOrder order) {
        Pipeline<?> pipeline = pipelines.get(order.method());
        if (pipeline == null) {
            throw new PipelineFailure(FailureCode.UNSUPPORTED_METHOD, "this worker has no pipeline for "
                    + order.method().wireName());
        }
        return pipeline;
    }

    private static Map<String, byte[]> inputs(ActiveJob job) {
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        job.order().inputKeys().forEach((role, key) -> {
            try {
                inputs.put(role, job.retrying("read input", OutageRetry.Outage.STORAGE, () -> job.read(key)));
            } catch (ObjectNotFoundException e) {
                throw new PipelineFailure(FailureCode.INPUT_MISSING, "the " + role + " input is gone from storage");
            }
        });
        return inputs;
    }
}
