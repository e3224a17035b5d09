package dev.chimera.model.golden;

import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The verdict on one output: its largest absolute and relative errors and whether every element is within tolerance
 * (shapes must match exactly; int64 outputs must match exactly).
 *
 * @param maxAbsError largest |java - golden|
 * @param maxRelError largest |java - golden| / |golden| over non-zero golden elements
 * @param passed whether the output is within tolerance
 * @param problem why it failed without comparable numbers (shape, type, missing), or empty
 */
public record OutputComparison(double maxAbsError, double maxRelError, boolean passed, String problem) {

    /** A failure that has no numbers, such as a missing output. */
    public static OutputComparison failure(String problem) {
        return new OutputComparison(Double.NaN, Double.NaN, false, problem);
    }

    /** Compares {@code actual} with {@code golden} element by element in double precision. */
    public static OutputComparison compare(NDArray golden, NDArray actual, Tolerance tolerance) {
        if (!golden.getShape().equals(actual.getShape())) {
            return failure("shape " + actual.getShape() + ", expected " + golden.getShape());
        }
        if (golden.getDataType() == DataType.INT64) {
            return compareExactly(golden, actual);
        }
        double[] expected = golden.toType(DataType.FLOAT64, true).toDoubleArray();
        double[] computed = actual.toType(DataType.FLOAT64, true).toDoubleArray();
        double maxAbs = 0;
        double maxRel = 0;
        boolean passed = true;
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(computed[i] - expected[i]);
            double magnitude = Math.abs(expected[i]);
            // Written so that a NaN error fails: a comparison with NaN is false.
            if (!(error <= tolerance.atolAt(i) + tolerance.rtol() * magnitude)) {
                passed = false;
            }
            maxAbs = Double.isNaN(error) ? Double.NaN : Math.max(maxAbs, error);
            if (magnitude > 0) {
                maxRel = Math.max(maxRel, error / magnitude);
            }
        }
        return new OutputComparison(maxAbs, maxRel, passed, "");
    }

    private static OutputComparison compareExactly(NDArray golden, NDArray actual) {
        if (!actual.getDataType().isInteger()) {
            return failure("type " + actual.getDataType() + ", expected an exact int64");
        }
        long[] expected = golden.toLongArray();
        long[] computed = actual.toType(DataType.INT64, true).toLongArray();
        double maxAbs = 0;
        double maxRel = 0;
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs((double) computed[i] - expected[i]);
            maxAbs = Math.max(maxAbs, error);
            if (expected[i] != 0) {
                maxRel = Math.max(maxRel, error / Math.abs((double) expected[i]));
            }
        }
        return new OutputComparison(maxAbs, maxRel, maxAbs == 0, "");
    }

    /** {@code max_abs=.. max_rel=.. PASS}, with the problem appended on a failure that has one. */
    public String describe() {
        String verdict = passed ? "PASS" : "FAIL";
        String numbers = String.format(Locale.ROOT, "max_abs=%.3e max_rel=%.3e %s", maxAbsError, maxRelError, verdict);
        return problem.isEmpty() ? numbers : numbers + " (" + problem + ")";
    }
}
