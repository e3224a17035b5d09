package dev.chimera.model.clip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.LayerNorm;
import dev.chimera.model.nn.TorchModule;

/**
 * transformers' {@code CLIPTextTransformer}: {@code embeddings}, the {@code encoder} layers with the causal mask, and
 * {@code final_layer_norm}; the pooled row is taken at each prompt's largest id, the first end-of-text.
 */
final class ClipTextTransformer extends TorchModule {

    private final int dim;
    private final ClipTextEmbeddings embeddings;
    private final ClipEncoder encoder;
    private final LayerNorm finalLayerNorm;

    ClipTextTransformer(ClipTextConfig config) {
        this.dim = config.hiddenSize();
        this.embeddings = register("embeddings", new ClipTextEmbeddings(config));
        this.encoder = register("encoder", new ClipEncoder(config));
        this.finalLayerNorm = register("final_layer_norm", new LayerNorm(dim, config.layerNormEps()));
    }

    /**
     * Runs ids [B, T]; the outputs belong to the ids' manager. Each stage computes in its own scope, which it closes,
     * so only one layer's intermediates are alive at a time; the previous layer's output is closed unless
     * {@code keepHiddenStates}.
     */
    ClipTextOutput forward(ParameterStore store, NDArray ids, boolean keepHiddenStates) {
        if (!ids.getDataType().isInteger()) {
            throw new IllegalArgumentException("CLIP text ids must be integers, got " + ids.getDataType());
        }
        NDManager owner = ids.getManager();
        List<NDArray> hiddenStates = new ArrayList<>();
        NDArray h = scoped(owner, () -> embeddings.forward(store, ids, null), ids);
        for (ClipEncoderLayer layer : encoder.layers()) {
            NDArray input = h;
            h = scoped(owner, () -> layer.forward(store, input, null), input);
            if (keepHiddenStates) {
                hiddenStates.add(input);
            } else {
                input.close();
            }
        }
        NDArray last = h;
        NDArray lastHiddenState = scoped(owner, () -> finalLayerNorm.forward(store, last, null), last);
        if (keepHiddenStates) {
            hiddenStates.add(last);
        } else {
            last.close();
        }
        NDArray pooled = scoped(owner, () -> pool(lastHiddenState, ids), lastHiddenState, ids);
        return new ClipTextOutput(lastHiddenState, pooled, hiddenStates);
    }

    /** {@code last_hidden_state[arange(B), ids.argmax(-1)]}; argmax gives the first of equal maxima, as torch's. */
    private static NDArray pool(NDArray lastHiddenState, NDArray ids) {
        NDArray rows = ids.getManager().arange(0, (int) ids.getShape().get(0), 1, DataType.INT64);
        NDArray columns = ids.argMax(-1).toType(DataType.INT64, false);
        return lastHiddenState.get(new NDIndex("{}, {}", rows, columns));
    }

    /**
     * Computes in a child manager of {@code owner}, lending it {@code inputs} (an op's result belongs to its receiver's
     * manager), and keeps only the result in {@code owner}.
     */
    private static NDArray scoped(NDManager owner, Supplier<NDArray> computation, NDArray... inputs) {
        try (NDManager scope = owner.newSubManager()) {
            for (NDArray input : inputs) {
                input.tempAttach(scope);
            }
            NDArray result = computation.get();
            result.attach(owner);
            return result;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        ClipTextOutput output = forward(store, inputs.singletonOrThrow(), false);
        return new NDList(output.lastHiddenState(), output.poolerOutput());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (inputShapes.length != 1 || inputShapes[0].dimension() != 2) {
            throw new IllegalArgumentException("CLIPTextTransformer takes ids [B, T], got "
                    + Arrays.toString(inputShapes));
        }
        Shape ids = inputShapes[0];
        return new Shape[] {ids.add(dim), new Shape(ids.get(0), dim)};
    }
}
