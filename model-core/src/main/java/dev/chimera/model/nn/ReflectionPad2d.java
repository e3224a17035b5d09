package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@code nn.ReflectionPad2d(p)}: mirrors {@code p} pixels on every side without repeating the edge pixel. */
public final class ReflectionPad2d extends UnaryModule {

    private final int padding;

    /** Pads {@code padding} pixels on each of the four sides. */
    public ReflectionPad2d(int padding) {
        if (padding < 0) {
            throw new IllegalArgumentException("negative padding " + padding);
        }
        this.padding = padding;
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        outputShape(x.getShape());
        return padding == 0 ? x : reflect(reflect(x, 2), 3);
    }

    private NDArray reflect(NDArray x, int axis) {
        long size = x.getShape().get(axis);
        String before = axis == 2 ? ":, :, 1:%d" : ":, :, :, 1:%d";
        String after = axis == 2 ? ":, :, %d:%d" : ":, :, :, %d:%d";
        NDArray head = x.get(String.format(before, padding + 1)).flip(axis);
        NDArray tail = x.get(String.format(after, size - 1 - padding, size - 1)).flip(axis);
        return NDArrays.concat(new NDList(head, x, tail), axis);
    }

    @Override
    protected Shape outputShape(Shape input) {
        requireImageBatch(input, -1, "ReflectionPad2d");
        if (padding >= input.get(2) || padding >= input.get(3)) {
            throw new IllegalArgumentException("reflection padding " + padding + " needs a larger input than " + input);
        }
        return new Shape(input.get(0), input.get(1), input.get(2) + 2L * padding, input.get(3) + 2L * padding);
    }
}
