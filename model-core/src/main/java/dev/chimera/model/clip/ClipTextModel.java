package dev.chimera.model.clip;

import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.TorchModule;
import dev.chimera.model.weights.Checkpoints;

/**
 * transformers' {@code CLIPTextModel}, SD-1.5's text encoder, with its checkpoint names
 * ({@code text_model.embeddings.*}, {@code text_model.encoder.layers.N.*}, {@code text_model.final_layer_norm}): a
 * pre-norm causal transformer over token ids whose {@link ClipTextOutput#lastHiddenState()} conditions the UNet.
 */
public final class ClipTextModel extends TorchModule {

    /**
     * Checkpoint tensors that are accepted and not loaded: {@code position_ids}, the int64 buffer 0..max-1 that
     * transformers 4.30 saves (SD-1.5's {@code text_encoder} holds it) and later versions no longer do.
     */
    public static final List<String> IGNORED_BUFFERS = List.of("text_model.embeddings.position_ids");

    private final ClipTextConfig config;
    private final ClipTextTransformer textModel;

    /** A text encoder of the given configuration; load weights with {@link #loadStateDict}. */
    public ClipTextModel(ClipTextConfig config) {
        this.config = config;
        this.textModel = register("text_model", new ClipTextTransformer(config));
    }

    /**
     * A text encoder sized by a checkpoint's shapes (see {@link ClipTextConfig#fromWeights}), with its weights loaded
     * into {@code manager}.
     */
    public static ClipTextModel fromWeights(Map<String, NDArray> stateDict, int numAttentionHeads, float layerNormEps,
            NDManager manager) {
        ClipTextModel model = new ClipTextModel(ClipTextConfig.fromWeights(Checkpoints.shapes(stateDict),
                numAttentionHeads, layerNormEps));
        model.loadStateDict(stateDict, manager);
        return model;
    }

    /** The configuration this model was built from. */
    public ClipTextConfig config() {
        return config;
    }

    /**
     * Loads strictly, as {@link TorchModule#loadStateDict} does, after setting aside {@link #IGNORED_BUFFERS}; every
     * other overload comes here.
     */
    @Override
    public void loadStateDict(Map<String, NDArray> stateDict, NDManager manager, DataType floatingType) {
        super.loadStateDict(Checkpoints.renamed(stateDict, name -> IGNORED_BUFFERS.contains(name) ? null : name),
                manager, floatingType);
    }

    /**
     * Encodes ids [B, T] (T at most max_position_embeddings, integers); the outputs belong to the ids' manager. With
     * {@code keepHiddenStates}, also returns the embeddings and every layer's output, as
     * {@code output_hidden_states=True} does; without, each is closed as soon as the next layer has run.
     */
    public ClipTextOutput forward(ParameterStore store, NDArray ids, boolean keepHiddenStates) {
        return textModel.forward(store, ids, keepHiddenStates);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return textModel.forward(store, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return textModel.getOutputShapes(inputShapes);
    }
}
