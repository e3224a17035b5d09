package dev.chimera.worker.pipeline;

import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

/** A CPU job context that records every step and stops the job once {@code stopAfter} steps are done. */
final class RecordingContext implements JobContext, AutoCloseable {

    record Step(String stage, long step, long totalSteps) {
    }

    private final NDManager manager = NDManager.newBaseManager(Device.cpu());
    private final List<Step> steps = new ArrayList<>();
    private final int stopAfter;

    RecordingContext(int stopAfter) {
        this.stopAfter = stopAfter;
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
    public NDManager manager() {
        return manager;
    }

    @Override
    public void step(String stage, long step, long totalSteps) {
        if (steps.size() >= stopAfter) {
            throw new JobStoppedException(StopReason.CANCELED);
        }
        steps.add(new Step(stage, step, totalSteps));
    }

    @Override
    public void close() {
        manager.close();
    }
}
