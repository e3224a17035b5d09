package dev.chimera.model.splice;

import java.time.Duration;

/**
 * When a training writes its next checkpoint: once {@code everySteps} steps or {@code every} time have passed since
 * the last one written (or since the attempt started), whichever comes first. A checkpoint that could not be written
 * is not recorded, so the next step is due again.
 */
public final class CheckpointSchedule {

    private final long everySteps;
    private final long everyNanos;
    private long lastStep;
    private long lastNanos;

    /** A schedule starting at {@code step} at {@code nowNanos} ({@link System#nanoTime()} time). */
    public CheckpointSchedule(long everySteps, Duration every, long step, long nowNanos) {
        if (everySteps <= 0 || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("checkpoint intervals must be positive: " + everySteps + " steps, "
                    + every);
        }
        this.everySteps = everySteps;
        this.everyNanos = every.toNanos();
        this.lastStep = step;
        this.lastNanos = nowNanos;
    }

    /** Whether a checkpoint is due after {@code step} steps at {@code nowNanos}. */
    public boolean due(long step, long nowNanos) {
        return step > lastStep && (step - lastStep >= everySteps || nowNanos - lastNanos >= everyNanos);
    }

    /** Records a checkpoint written after {@code step} steps at {@code nowNanos}. */
    public void written(long step, long nowNanos) {
        lastStep = step;
        lastNanos = nowNanos;
    }

    /** The step of the newest checkpoint written, or the start step. */
    public long lastStep() {
        return lastStep;
    }
}
