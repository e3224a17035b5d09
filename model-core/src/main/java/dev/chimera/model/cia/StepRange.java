package dev.chimera.model.cia;

/**
 * A range of CIA's step counter, start inclusive, end exclusive as the reference tests it ({@code config.Range}).
 *
 * @param start first step
 * @param end the step the range stops at
 */
public record StepRange(int start, int end) {

    /** Checks the order. */
    public StepRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("a step range needs 0 <= start <= end, got " + start + ".." + end);
        }
    }

    /** Whether {@code start <= step < end}. */
    public boolean contains(int step) {
        return start <= step && step < end;
    }
}
