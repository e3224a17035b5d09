package dev.chimera.contract.params;

/** An inclusive-exclusive range of denoising steps, {@code [start, end)}, in which a mechanism is active. */
public record StepRange(int start, int end) {

    /** Lowest accepted step. */
    public static final int MIN_STEP = 0;
    /** Highest accepted step, the most inversion steps allowed. */
    public static final int MAX_STEP = 1000;

    static StepRange read(FieldReader reader, StepRange defaults) {
        int start = reader.read(new IntField("start", defaults.start(), MIN_STEP, MAX_STEP));
        int end = reader.read(new IntField("end", defaults.end(), MIN_STEP, MAX_STEP));
        if (start > end && !reader.hasProblem("start") && !reader.hasProblem("end")) {
            reader.problem(ProblemCode.OUT_OF_RANGE, "end", "must not be below start (" + start + "), was " + end);
            return defaults;
        }
        return new StepRange(start, end);
    }
}
