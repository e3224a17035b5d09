package dev.chimera.model.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Embedding;
import dev.chimera.model.nn.UnaryModule;

/**
 * transformers' {@code CLIPTextEmbeddings}: token_embedding[ids] + position_embedding[0..T-1] for ids [B, T]. Its
 * {@code position_ids} buffer, always 0..max-1, is not a tensor here: see {@link ClipTextModel#IGNORED_BUFFERS}.
 */
final class ClipTextEmbeddings extends UnaryModule {

    private final int maxPositions;
    private final Embedding tokenEmbedding;
    private final Embedding positionEmbedding;

    ClipTextEmbeddings(ClipTextConfig config) {
        this.maxPositions = config.maxPositionEmbeddings();
        this.tokenEmbedding = register("token_embedding", new Embedding(config.vocabSize(), config.hiddenSize()));
        this.positionEmbedding = register("position_embedding",
                new Embedding(config.maxPositionEmbeddings(), config.hiddenSize()));
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray ids, PairList<String, Object> params) {
        outputShape(ids.getShape());
        NDArray positions = ids.getManager().arange(0, (int) ids.getShape().get(1), 1, DataType.INT64);
        return tokenEmbedding.forward(store, ids, params).add(positionEmbedding.forward(store, positions, params));
    }

    @Override
    protected Shape outputShape(Shape input) {
        if (input.dimension() != 2 || input.get(1) > maxPositions || input.get(1) == 0) {
            throw new IllegalArgumentException("CLIPTextEmbeddings expects ids [B, T] with 0 < T <= " + maxPositions
                    + ", got " + input);
        }
        return input.add(tokenEmbedding.dim());
    }
}
