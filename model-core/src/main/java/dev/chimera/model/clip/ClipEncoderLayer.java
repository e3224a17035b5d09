package dev.chimera.model.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.LayerNorm;
import dev.chimera.model.nn.UnaryModule;

/** transformers' {@code CLIPEncoderLayer}, pre-norm: h + self_attn(layer_norm1(h)), then h + mlp(layer_norm2(h)). */
final class ClipEncoderLayer extends UnaryModule {

    private final int dim;
    private final ClipAttention selfAttn;
    private final LayerNorm layerNorm1;
    private final ClipMlp mlp;
    private final LayerNorm layerNorm2;

    ClipEncoderLayer(ClipTextConfig config) {
        this.dim = config.hiddenSize();
        this.selfAttn = register("self_attn", new ClipAttention(config));
        this.layerNorm1 = register("layer_norm1", new LayerNorm(dim, config.layerNormEps()));
        this.mlp = register("mlp", new ClipMlp(config));
        this.layerNorm2 = register("layer_norm2", new LayerNorm(dim, config.layerNormEps()));
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        outputShape(x.getShape());
        NDArray h = x.add(selfAttn.forward(store, layerNorm1.forward(store, x, params), params));
        return h.add(mlp.forward(store, layerNorm2.forward(store, h, params), params));
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.dimension() != 3 || input.get(2) != dim) {
            throw new IllegalArgumentException("CLIPEncoderLayer expects [B, T, " + dim + "], got " + input);
        }
        return input;
    }
}
