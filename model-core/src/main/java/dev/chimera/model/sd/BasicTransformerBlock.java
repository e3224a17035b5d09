package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.LayerNorm;
import dev.chimera.model.nn.Linear;
import dev.chimera.model.nn.Sequential;
import dev.chimera.model.nn.TorchModule;

/**
 * diffusers' {@code BasicTransformerBlock} as SD uses it: x += attn1(norm1(x)) (self-attention), x +=
 * attn2(norm2(x), text) (cross-attention), x += ff(norm3(x)) with the GEGLU feed-forward {@code ff.net.0/2}.
 */
final class BasicTransformerBlock extends TorchModule {

    static final float LAYER_NORM_EPS = 1e-5f;

    private final int dim;
    private final LayerNorm norm1;
    private final Attention attn1;
    private final LayerNorm norm2;
    private final Attention attn2;
    private final LayerNorm norm3;
    private final Sequential ffNet;

    BasicTransformerBlock(int dim, int heads, int headDim, int crossAttentionDim) {
        this.dim = dim;
        this.norm1 = register("norm1", new LayerNorm(dim, LAYER_NORM_EPS));
        this.attn1 = register("attn1", Attention.builder(dim, heads, headDim).build());
        this.norm2 = register("norm2", new LayerNorm(dim, LAYER_NORM_EPS));
        this.attn2 = register("attn2", Attention.builder(dim, heads, headDim)
                .crossAttentionDim(crossAttentionDim).build());
        this.norm3 = register("norm3", new LayerNorm(dim, LAYER_NORM_EPS));
        Sequential net = new Sequential().add(new Geglu(dim, 4 * dim)).add(new Dropout())
                .add(new Linear(4 * dim, dim, true));
        this.ffNet = register("ff", new FeedForward(net)).net;
    }

    NDArray forward(ParameterStore store, NDArray x, Conditioning c) {
        NDArray h = attn1.forward(store, norm1.forward(store, x, null), null, c.processor()).add(x);
        h = attn2.forward(store, norm2.forward(store, h, null), c.encoderStates(), c.processor()).add(h);
        return ffNet.forward(store, norm3.forward(store, h, null), null).add(h);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(store, inputs.get(0), new Conditioning(null, inputs.get(1),
                AttentionProcessor.PLAIN)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return norm1.getOutputShapes(new Shape[] {inputShapes[0]});
    }

    /** diffusers' {@code FeedForward}, whose only child is the Sequential {@code net}. */
    private static final class FeedForward extends TorchModule {

        private final Sequential net;

        FeedForward(Sequential net) {
            this.net = register("net", net);
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return new NDList(net.forward(store, inputs.singletonOrThrow(), params));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return net.getOutputShapes(inputShapes);
        }
    }
}
