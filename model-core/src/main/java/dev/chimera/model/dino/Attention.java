package dev.chimera.model.dino;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Linear;
import dev.chimera.model.nn.UnaryModule;

/** DINO's multi-head self-attention: one {@code qkv} Linear, softmax(q kᵀ · head_dim^-0.5) v, then {@code proj}. */
final class Attention extends UnaryModule {

    private final int dim;
    private final int numHeads;
    private final float scale;
    private final Linear qkv;
    private final Linear proj;

    Attention(VitConfig config) {
        this.dim = config.embedDim();
        this.numHeads = config.numHeads();
        this.scale = (float) Math.pow(config.headDim(), -0.5);
        this.qkv = register("qkv", new Linear(dim, 3 * dim, config.qkvBias()));
        this.proj = register("proj", new Linear(dim, dim, true));
    }

    /** The qkv Linear's output [B, N, 3·D] for normalised tokens x [B, N, D]. */
    NDArray qkv(ParameterStore store, NDArray x) {
        return qkv.forward(store, x, null);
    }

    /** The attention output [B, N, D] from a qkv Linear output [B, N, 3·D]. */
    NDArray attend(ParameterStore store, NDArray qkvOut) {
        Shape shape = qkvOut.getShape();
        long batch = shape.get(0);
        long tokens = shape.get(1);
        NDArray heads = qkvOut.reshape(batch, tokens, 3, numHeads, dim / numHeads).transpose(2, 0, 3, 1, 4);
        NDArray q = heads.get(0);
        NDArray k = heads.get(1);
        NDArray v = heads.get(2);
        // A scalar tensor made by libtorch: DJL's mul(Number) frees its scalar at once, yet autograd keeps it.
        NDArray scaleTensor = q.getManager().full(new Shape(), scale, q.getDataType());
        NDArray attn = q.matMul(k.swapAxes(-2, -1)).mul(scaleTensor).softmax(-1);
        NDArray merged = attn.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, dim);
        return proj.forward(store, merged, null);
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        return attend(store, qkv(store, x));
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.dimension() != 3 || input.get(2) != dim) {
            throw new IllegalArgumentException("Attention expects [B, N, " + dim + "], got " + input);
        }
        return input;
    }
}
