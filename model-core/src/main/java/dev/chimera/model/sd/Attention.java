package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.GroupNorm;
import dev.chimera.model.nn.Linear;
import dev.chimera.model.nn.Sequential;
import dev.chimera.model.nn.TorchModule;

/**
 * diffusers' {@code Attention}: {@code to_q}, {@code to_k}, {@code to_v} and {@code to_out.0} around an
 * {@link AttentionProcessor}, with keys and values from the encoder states for cross-attention. The VAE's variant
 * (an own {@code group_norm}, biased projections, [B, C, H, W] in and out, residual added) is the same class.
 */
public final class Attention extends TorchModule {

    private final int heads;
    private final int queryDim;
    private final GroupNorm groupNorm;
    private final Linear toQ;
    private final Linear toK;
    private final Linear toV;
    private final Sequential toOut;
    private final boolean residualConnection;
    private String path = "";

    private Attention(Builder b) {
        if (b.heads <= 0 || b.dimHead <= 0) {
            throw new IllegalArgumentException("invalid Attention: " + b.heads + " heads of " + b.dimHead);
        }
        int inner = b.heads * b.dimHead;
        int keyDim = b.crossAttentionDim > 0 ? b.crossAttentionDim : b.queryDim;
        this.heads = b.heads;
        this.queryDim = b.queryDim;
        this.groupNorm = b.normGroups > 0
                ? register("group_norm", new GroupNorm(b.normGroups, b.queryDim, b.normEps, true)) : null;
        this.toQ = register("to_q", new Linear(b.queryDim, inner, b.bias));
        this.toK = register("to_k", new Linear(keyDim, inner, b.bias));
        this.toV = register("to_v", new Linear(keyDim, inner, b.bias));
        this.toOut = register("to_out", new Sequential().add(new Linear(inner, b.queryDim, true)));
        this.residualConnection = b.residualConnection;
    }

    /** Starts an attention over {@code queryDim}-wide tokens with {@code heads} heads of {@code dimHead} channels. */
    public static Builder builder(int queryDim, int heads, int dimHead) {
        return new Builder(queryDim, heads, dimHead);
    }

    /** Names every {@link Attention} under {@code root} by its dotted path, which its processor calls receive. */
    static void namePaths(TorchModule root) {
        root.namedModules().forEach((name, module) -> {
            if (module instanceof Attention attention) {
                attention.path = name;
            }
        });
    }

    /** The dotted path under the network this module belongs to. */
    public String path() {
        return path;
    }

    /** The number of heads. */
    public int heads() {
        return heads;
    }

    /**
     * The attention output for {@code x} ([B, N, C] tokens, or a [B, C, H, W] map for the VAE form) attending to
     * {@code encoderStates} [B, M, cross] or, when null, to itself; {@code processor} computes the attention.
     */
    public NDArray forward(ParameterStore store, NDArray x, NDArray encoderStates, AttentionProcessor processor) {
        return BlockScope.run(x, in -> attend(store, in, encoderStates, processor));
    }

    private NDArray attend(ParameterStore store, NDArray x, NDArray encoderStates, AttentionProcessor processor) {
        Shape shape = x.getShape();
        boolean map = shape.dimension() == 4;
        NDArray tokens = map ? x.reshape(shape.get(0), shape.get(1), -1).transpose(0, 2, 1) : x;
        NDArray hidden = tokens;
        if (groupNorm != null) {
            hidden = groupNorm.forward(store, hidden.transpose(0, 2, 1), null).transpose(0, 2, 1);
        }
        NDArray query = toQ.forward(store, hidden, null);
        NDArray source = encoderStates == null ? hidden : encoderStates;
        NDArray key = toK.forward(store, source, null);
        NDArray value = toV.forward(store, source, null);
        NDArray attended = processor.attend(new AttentionCall(path, encoderStates == null, hidden.getShape().get(1),
                heads, query, key, value));
        NDArray out = toOut.forward(store, attended, null);
        if (map) {
            out = out.transpose(0, 2, 1).reshape(shape);
        }
        return residualConnection ? out.add(x) : out;
    }

    /** {@code to_out} alone: the module's output for an attention result [B, N, inner]. */
    public NDArray project(ParameterStore store, NDArray attended) {
        return toOut.forward(store, attended, null);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray encoderStates = inputs.size() > 1 ? inputs.get(1) : null;
        return new NDList(forward(store, inputs.get(0), encoderStates, AttentionProcessor.PLAIN));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        long channels = x.dimension() == 4 ? x.get(1) : x.get(x.dimension() - 1);
        if (channels != queryDim) {
            throw new IllegalArgumentException("Attention expects " + queryDim + " channels, got " + x);
        }
        return new Shape[] {x};
    }

    /** Named options of an {@link Attention}; the defaults are the UNet's: no bias on q/k/v, no norm, no residual. */
    public static final class Builder {
        private final int queryDim;
        private final int heads;
        private final int dimHead;
        private int crossAttentionDim;
        private boolean bias;
        private int normGroups;
        private float normEps;
        private boolean residualConnection;

        private Builder(int queryDim, int heads, int dimHead) {
            this.queryDim = queryDim;
            this.heads = heads;
            this.dimHead = dimHead;
        }

        /** Takes keys and values from encoder states of this width (cross-attention). */
        public Builder crossAttentionDim(int value) {
            this.crossAttentionDim = value;
            return this;
        }

        /** Gives to_q, to_k and to_v a bias. */
        public Builder bias(boolean value) {
            this.bias = value;
            return this;
        }

        /** Adds the module's own {@code group_norm} before the projections. */
        public Builder groupNorm(int groups, float eps) {
            this.normGroups = groups;
            this.normEps = eps;
            return this;
        }

        /** Adds the input to the output. */
        public Builder residualConnection(boolean value) {
            this.residualConnection = value;
            return this;
        }

        /** Builds the module. */
        public Attention build() {
            return new Attention(this);
        }
    }
}
