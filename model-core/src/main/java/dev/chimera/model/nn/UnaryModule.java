package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A torch module that maps one tensor to one tensor, which is nearly every module of the reference networks. */
public abstract class UnaryModule extends TorchModule {

    /** The forward pass; {@code params} carries per-call inputs such as AdaIN parameters down the module tree. */
    protected abstract NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params);

    /** The output shape for an input shape, throwing {@link IllegalArgumentException} when the input cannot fit. */
    protected abstract Shape outputShape(Shape input);

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(apply(store, inputs.singletonOrThrow(), params));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (inputShapes.length != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " takes one input, got "
                    + inputShapes.length);
        }
        return new Shape[] {outputShape(inputShapes[0])};
    }

    /** Checks that {@code input} is a 4-d batch with {@code channels} channels (or any channel count if negative). */
    protected static void requireImageBatch(Shape input, long channels, String module) {
        if (input.dimension() != 4 || (channels >= 0 && input.get(1) != channels)) {
            throw new IllegalArgumentException(module + " expects [N, " + (channels >= 0 ? channels : "C")
                    + ", H, W], got " + input);
        }
    }
}
