package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;

/**
 * A change to (or a look at) attention probabilities between the softmax and the product with the values, applied
 * to one chunk of query rows at a time.
 */
@FunctionalInterface
public interface ProbabilityEdit {

    /** Leaves the probabilities as they are. */
    ProbabilityEdit NONE = (probabilities, firstRow) -> probabilities;

    /**
     * The probabilities to multiply the values with, for the chunk {@code probabilities} [B, heads, rows, keys] whose
     * first query row is {@code firstRow}; may return its argument.
     */
    NDArray apply(NDArray probabilities, long firstRow);
}
