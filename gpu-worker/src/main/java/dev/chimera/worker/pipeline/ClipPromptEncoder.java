package dev.chimera.worker.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.chimera.model.cia.PromptEncoder;
import dev.chimera.model.clip.ClipTextModel;
import dev.chimera.model.clip.ClipTokenizer;
import dev.chimera.model.clip.ClipTokens;

/** SD 1.5's prompt encoding: CLIP's tokenizer in SD's 77-position layout, then the text encoder's last hidden state. */
final class ClipPromptEncoder implements PromptEncoder {

    private final ClipTokenizer tokenizer;
    private final ClipTextModel textEncoder;
    private final ParameterStore store;

    ClipPromptEncoder(ClipTokenizer tokenizer, ClipTextModel textEncoder, NDManager manager) {
        this.tokenizer = tokenizer;
        this.textEncoder = textEncoder;
        this.store = new ParameterStore(manager, false);
    }

    @Override
    public NDArray encode(String prompt, NDManager manager) {
        ClipTokens tokens = tokenizer.tokenize(prompt);
        long[] ids = tokens.inputIds();
        NDArray input = manager.create(ids, new Shape(1, ids.length));
        return textEncoder.forward(store, input, false).lastHiddenState();
    }
}
