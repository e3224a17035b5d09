package dev.chimera.model.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Activation;
import dev.chimera.model.nn.Linear;
import dev.chimera.model.nn.UnaryModule;

/** DINO's block MLP: {@code fc1}, exact GELU, {@code fc2}. */
final class Mlp extends UnaryModule {

    private final int dim;
    private final Linear fc1;
    private final Activation act = Activation.gelu();
    private final Linear fc2;

    Mlp(VitConfig config) {
        this.dim = config.embedDim();
        this.fc1 = register("fc1", new Linear(dim, config.mlpHiddenDim(), true));
        this.fc2 = register("fc2", new Linear(config.mlpHiddenDim(), dim, true));
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        return fc2.forward(store, act.forward(store, fc1.forward(store, x, params), params), params);
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.dimension() == 0 || input.get(input.dimension() - 1) != dim) {
            throw new IllegalArgumentException("Mlp expects [..., " + dim + "], got " + input);
        }
        return input;
    }
}
