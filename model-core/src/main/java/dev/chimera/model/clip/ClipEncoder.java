package dev.chimera.model.clip;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Sequential;
import dev.chimera.model.nn.UnaryModule;

/** transformers' {@code CLIPEncoder}: the {@code layers} applied in order. */
final class ClipEncoder extends UnaryModule {

    private final Sequential layers;
    private final List<ClipEncoderLayer> layerList = new ArrayList<>();

    ClipEncoder(ClipTextConfig config) {
        this.layers = register("layers", new Sequential());
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            ClipEncoderLayer layer = new ClipEncoderLayer(config);
            layers.add(layer);
            layerList.add(layer);
        }
    }

    /** The layers in order, for a caller that runs them one at a time. */
    List<ClipEncoderLayer> layers() {
        return List.copyOf(layerList);
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        return layers.forward(store, x, params);
    }

    @Override
    protected Shape outputShape(Shape input) {
        return layers.getOutputShapes(new Shape[] {input})[0];
    }
}
