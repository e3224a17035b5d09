package dev.chimera.model.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Linear;
import dev.chimera.model.nn.UnaryModule;

/**
 * transformers' {@code CLIPAttention} with the causal mask of the text tower: q = q_proj(x)·head_dim^-0.5, softmax over
 * q kᵀ with every later key masked, times v, then {@code out_proj}.
 */
final class ClipAttention extends UnaryModule {

    /** transformers masks with the smallest float32, {@code torch.finfo(float32).min}, rather than -inf. */
    private static final float MASKED = -Float.MAX_VALUE;

    private final int dim;
    private final int numHeads;
    private final int headDim;
    private final float scale;
    private final Linear kProj;
    private final Linear vProj;
    private final Linear qProj;
    private final Linear outProj;

    ClipAttention(ClipTextConfig config) {
        this.dim = config.hiddenSize();
        this.numHeads = config.numAttentionHeads();
        this.headDim = config.headDim();
        this.scale = (float) Math.pow(headDim, -0.5);
        this.kProj = register("k_proj", new Linear(dim, dim, true));
        this.vProj = register("v_proj", new Linear(dim, dim, true));
        this.qProj = register("q_proj", new Linear(dim, dim, true));
        this.outProj = register("out_proj", new Linear(dim, dim, true));
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        outputShape(x.getShape());
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        // A scalar tensor made by libtorch: DJL's mul(Number) frees its scalar at once, yet autograd keeps it.
        NDArray scaleTensor = x.getManager().full(new Shape(), scale, x.getDataType());
        NDArray q = heads(qProj.forward(store, x, params).mul(scaleTensor), batch, tokens);
        NDArray k = heads(kProj.forward(store, x, params), batch, tokens);
        NDArray v = heads(vProj.forward(store, x, params), batch, tokens);
        NDArray scores = q.matMul(k.swapAxes(-2, -1)).add(causalMask(x.getManager(), (int) tokens, x));
        NDArray merged = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, dim);
        return outProj.forward(store, merged, params);
    }

    private NDArray heads(NDArray projected, long batch, long tokens) {
        return projected.reshape(batch, tokens, numHeads, headDim).transpose(0, 2, 1, 3);
    }

    /** [T, T]: 0 where the key is at or before the query, the masking value after it. */
    private static NDArray causalMask(NDManager manager, int tokens, NDArray like) {
        float[] mask = new float[tokens * tokens];
        for (int query = 0; query < tokens; query++) {
            for (int key = query + 1; key < tokens; key++) {
                mask[query * tokens + key] = MASKED;
            }
        }
        return manager.create(mask, new Shape(tokens, tokens)).toType(like.getDataType(), false);
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.dimension() != 3 || input.get(2) != dim) {
            throw new IllegalArgumentException("CLIPAttention expects [B, T, " + dim + "], got " + input);
        }
        return input;
    }
}
