package dev.chimera.worker.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

/**
 * A CPU job context that records every step, training report, checkpoint and preview in memory, and stops the job
 * once {@code stopAfter} steps are done; a training is asked to stop with {@link #requestStop}.
 */
final class RecordingContext implements JobContext, AutoCloseable {

    record Step(String stage, long step, long totalSteps) {
    }

    /** A cache in memory, to be shared by the contexts of jobs that should see each other's entries. */
    static final class MemoryCache implements JobCache {
        private final Map<String, byte[]> entries = new LinkedHashMap<>();

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public boolean put(String key, byte[] content) {
            entries.put(key, content.clone());
            return true;
        }

        int size() {
            return entries.size();
        }
    }

    private final NDManager manager = NDManager.newBaseManager(Device.cpu());
    private final List<Step> steps = new ArrayList<>();
    private final List<TrainingReport> reports = new ArrayList<>();
    private final Map<Long, byte[]> checkpoints = new LinkedHashMap<>();
    private final Map<Long, byte[]> previews = new LinkedHashMap<>();
    private final int stopAfter;
    private StoredCheckpoint resumeFrom;
    private StopReason stopReason;
    private long stopAfterTrainingStep = -1;
    private StopReason stopReasonAfterTrainingStep;
    private int failingCheckpointWrites;
    private JobCache cache = new MemoryCache();
    private final List<String> previewKeys = new ArrayList<>();
    private final List<List<String>> cacheHits = new ArrayList<>();
    private Step stopAfterStep;
    private StopReason stopReasonAfterStep;
    private MemoryBudget memoryBudget = new MemoryBudget(8L << 30);

    RecordingContext(int stopAfter) {
        this.stopAfter = stopAfter;
    }

    /** Resumes the next run from {@code checkpoint}. */
    RecordingContext resumingFrom(StoredCheckpoint checkpoint) {
        this.resumeFrom = checkpoint;
        return this;
    }

    /** Jobs run with {@code budget} as their memory budget (8 GiB otherwise). */
    RecordingContext withMemoryBudget(MemoryBudget budget) {
        this.memoryBudget = budget;
        return this;
    }

    /** The next {@code count} checkpoint writes fail, as when object storage is unreachable. */
    RecordingContext failingCheckpointWrites(int count) {
        this.failingCheckpointWrites = count;
        return this;
    }

    /** Asks the job to stop for {@code reason} once a training reported step {@code step}. */
    RecordingContext stoppingAfterTrainingStep(long step, StopReason reason) {
        this.stopAfterTrainingStep = step;
        this.stopReasonAfterTrainingStep = reason;
        return this;
    }

    /** Uses {@code shared} as the job cache. */
    RecordingContext withCache(JobCache shared) {
        this.cache = shared;
        return this;
    }

    /** Asks the job to stop for {@code reason} once step {@code step} of {@code stage} was reported. */
    RecordingContext stoppingAfterStep(String stage, long step, StopReason reason) {
        this.stopAfterStep = new Step(stage, step, -1);
        this.stopReasonAfterStep = reason;
        return this;
    }

    /** The preview keys named by step reports, in order. */
    List<String> previewKeys() {
        return previewKeys;
    }

    /** The inputs of every announced inversion cache hit, in order. */
    List<List<String>> inversionCacheHits() {
        return cacheHits;
    }

    List<TrainingReport> reports() {
        return reports;
    }

    /** Stored checkpoints by step. */
    Map<Long, byte[]> checkpoints() {
        return checkpoints;
    }

    /** Stored previews by step. */
    Map<Long, byte[]> previews() {
        return previews;
    }

    static RecordingContext unbounded() {
        return new RecordingContext(Integer.MAX_VALUE);
    }

    List<Step> steps() {
        return steps;
    }

    List<Step> steps(String stage) {
        return steps.stream().filter(step -> step.stage().equals(stage)).toList();
    }

    @Override
    public Device device() {
        return Device.cpu();
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
        if (steps.size() >= stopAfter) {
            throw new JobStoppedException(StopReason.CANCELED);
        }
        steps.add(new Step(stage, step, totalSteps));
        if (stopAfterStep != null && stopAfterStep.stage().equals(stage) && stopAfterStep.step() == step) {
            stopReason = stopReasonAfterStep;
        }
    }

    @Override
    public void step(String stage, long step, long totalSteps, String previewKey) {
        step(stage, step, totalSteps);
        if (previewKey != null) {
            previewKeys.add(previewKey);
        }
    }

    @Override
    public void inversionCached(List<String> inputs) {
        cacheHits.add(List.copyOf(inputs));
    }

    @Override
    public JobCache cache() {
        return cache;
    }

    @Override
    public Optional<StopReason> stopRequested() {
        return Optional.ofNullable(stopReason);
    }

    @Override
    public void trainingProgress(TrainingReport report) {
        reports.add(report);
        if (report.step() == stopAfterTrainingStep) {
            stopReason = stopReasonAfterTrainingStep;
        }
    }

    @Override
    public Optional<StoredCheckpoint> resumeCheckpoint() {
        return Optional.ofNullable(resumeFrom);
    }

    @Override
    public boolean saveCheckpoint(long step, byte[] checkpoint) {
        if (failingCheckpointWrites > 0) {
            failingCheckpointWrites--;
            return false;
        }
        checkpoints.put(step, checkpoint);
        return true;
    }

    @Override
    public Optional<String> savePreview(long step, byte[] png) {
        previews.put(step, png);
        return Optional.of("previews/step-" + step + ".png");
    }

    @Override
    public void close() {
        manager.close();
    }
}
