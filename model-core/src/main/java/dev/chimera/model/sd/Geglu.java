package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Linear;
import dev.chimera.model.nn.UnaryModule;

/**
 * diffusers' {@code GEGLU}: {@code proj} to twice the width, then value · GELU(gate) with the exact (erf) GELU, the
 * value being the first half and the gate the second.
 */
final class Geglu extends UnaryModule {

    private final int dimIn;
    private final int dimOut;
    private final Linear proj;

    Geglu(int dimIn, int dimOut) {
        this.dimIn = dimIn;
        this.dimOut = dimOut;
        this.proj = register("proj", new Linear(dimIn, 2 * dimOut, true));
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        NDArray projected = proj.forward(store, x, null);
        NDList halves = projected.split(2, projected.getShape().dimension() - 1);
        return halves.get(0).mul(ai.djl.nn.Activation.gelu(halves.get(1)));
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.get(input.dimension() - 1) != dimIn) {
            throw new IllegalArgumentException("GEGLU expects [..., " + dimIn + "], got " + input);
        }
        long[] dims = input.getShape();
        dims[dims.length - 1] = dimOut;
        return new Shape(dims);
    }
}
