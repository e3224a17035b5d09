package dev.chimera.model.crossbreed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Sequential;
import dev.chimera.model.nn.UnaryModule;

/** The reference's {@code MLP}: input → dim (ReLU), {@code blocks} × dim → dim (ReLU), dim → output, on flattened x. */
final class Mlp extends UnaryModule {

    private final Sequential model;

    Mlp(int inputDim, int dim, int outputDim, int blocks) {
        Sequential layers = new Sequential().add(new LinearBlock(inputDim, dim, true));
        for (int i = 0; i < blocks; i++) {
            layers.add(new LinearBlock(dim, dim, true));
        }
        layers.add(new LinearBlock(dim, outputDim, false));
        this.model = register("model", layers);
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        return model.forward(store, x.reshape(x.getShape().get(0), -1), params);
    }

    @Override
    protected Shape outputShape(Shape input) {
        return model.getOutputShapes(new Shape[] {new Shape(input.get(0), input.size() / input.get(0))})[0];
    }
}
