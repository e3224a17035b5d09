package dev.chimera.model.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.LayerNorm;
import dev.chimera.model.nn.UnaryModule;

/** DINO's pre-norm transformer block: x + attn(norm1(x)), then x + mlp(norm2(x)). */
final class Block extends UnaryModule {

    /** A block's output together with its qkv Linear output, which Splice reads its keys from. */
    record Output(NDArray tokens, NDArray qkv) {
    }

    private final int dim;
    private final LayerNorm norm1;
    private final Attention attn;
    private final LayerNorm norm2;
    private final Mlp mlp;

    Block(VitConfig config) {
        this.dim = config.embedDim();
        this.norm1 = register("norm1", new LayerNorm(dim, config.layerNormEps()));
        this.attn = register("attn", new Attention(config));
        this.norm2 = register("norm2", new LayerNorm(dim, config.layerNormEps()));
        this.mlp = register("mlp", new Mlp(config));
    }

    /** Runs the block and also returns its qkv Linear output. */
    Output forwardWithQkv(ParameterStore store, NDArray x) {
        outputShape(x.getShape());
        NDArray qkv = attn.qkv(store, norm1.forward(store, x, null));
        NDArray h = x.add(attn.attend(store, qkv));
        return new Output(h.add(mlp.forward(store, norm2.forward(store, h, null), null)), qkv);
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        return forwardWithQkv(store, x).tokens();
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.dimension() != 3 || input.get(2) != dim) {
            throw new IllegalArgumentException("Block expects [B, N, " + dim + "], got " + input);
        }
        return input;
    }
}
