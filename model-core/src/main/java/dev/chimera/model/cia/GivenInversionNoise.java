package dev.chimera.model.cia;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Inversion noise given as data, row {@code index} for the inference step at {@code index} (a golden case's stored
 * draws of the reference run).
 *
 * @param rows [steps, C, h, w]
 */
public record GivenInversionNoise(NDArray rows) implements InversionNoise {

    @Override
    public NDArray draw(int index, Shape shape, NDManager manager) {
        NDArray row = rows.get(index);
        if (!row.getShape().equals(shape)) {
            throw new IllegalArgumentException("noise row " + index + " is " + row.getShape() + ", expected " + shape);
        }
        row.attach(manager);
        return row;
    }
}
