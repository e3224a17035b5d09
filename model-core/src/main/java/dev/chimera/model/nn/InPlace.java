package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Writes values into a tensor's own storage, as {@code tensor.copy_(values)} does. DJL's {@code copyTo} does not: it
 * swaps the target's storage for a Java buffer that only the target's Java object keeps alive, so any other holder
 * of the tensor (libtorch, autograd, a view) can read freed memory once that object is closed.
 */
public final class InPlace {

    private static final NDIndex EVERYTHING = new NDIndex("...");

    private InPlace() {
    }

    /** Copies {@code values} (same shape; converted to the target's data type) into {@code target}. */
    public static void assign(NDArray target, NDArray values) {
        if (!target.getShape().equals(values.getShape())) {
            throw new IllegalArgumentException("cannot assign " + values.getShape() + " to " + target.getShape());
        }
        target.set(EVERYTHING, values.toType(target.getDataType(), false));
    }
}
