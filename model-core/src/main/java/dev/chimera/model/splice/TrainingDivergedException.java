package dev.chimera.model.splice;

/**
 * A training step whose loss or gradients are not finite (NaN or infinite): the generator cannot learn from it, and
 * every later step and the final picture would be degenerate, so the training stops instead.
 */
public final class TrainingDivergedException extends RuntimeException {

    private final long step;

    /** The step (counted from 0) that diverged, and what was not finite there. */
    public TrainingDivergedException(long step, String what) {
        super("training diverged at step " + step + ": " + what);
        this.step = step;
    }

    /** The step, counted from 0, whose numbers were not finite. */
    public long step() {
        return step;
    }
}
