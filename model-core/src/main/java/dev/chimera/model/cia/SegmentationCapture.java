package dev.chimera.model.cia;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.chimera.model.sd.AttentionCall;
import dev.chimera.model.sd.AttentionMapSink;

/**
 * Keeps what CIA's {@code Segmentor.update_attention} keeps of one UNet call, for the appearance and structure rows
 * (batch rows 1 and 2): the head-averaged self-attention of the last layer whose tokens form the latent's grid, and
 * the head-averaged cross-attention to the noun token of the last layer at half that grid. A later layer of the same
 * kind replaces an earlier one, as the reference's attributes are overwritten.
 */
public final class SegmentationCapture implements AttentionMapSink {

    private final long tokens;
    private final int nounToken;
    private final NDManager owner;
    private final Collected self = new Collected();
    private final Collected noun = new Collected();

    /**
     * A capture for latents of {@code tokens} positions, reading the noun at token index {@code nounToken}, whose
     * copies belong to {@code owner}.
     */
    public SegmentationCapture(long tokens, int nounToken, NDManager owner) {
        this.tokens = tokens;
        this.nounToken = nounToken;
        this.owner = owner;
    }

    @Override
    public void accept(AttentionCall call, long firstRow, NDArray headMean) {
        if (call.selfAttention() && call.tokens() == tokens) {
            self.add(call.path(), firstRow, headMean.get("1:3"));
        } else if (!call.selfAttention() && call.tokens() * 4 == tokens) {
            noun.add(call.path(), firstRow, headMean.get("1:3, :, {}", nounToken));
        }
    }

    /** The captured maps ([2, N, N] and [2, N/4]), owned by the owner; null when a layer kind was never seen. */
    public SegmentationAttention result() {
        if (self.chunks.isEmpty() || noun.chunks.isEmpty()) {
            self.clear();
            noun.clear();
            return null;
        }
        return new SegmentationAttention(self.merged(), noun.merged());
    }

    /** The chunks of query rows of the newest layer of one kind. */
    private final class Collected {
        private final NDList chunks = new NDList();
        private String path;

        void add(String layer, long firstRow, NDArray rows) {
            if (!layer.equals(path) || firstRow == 0) {
                clear();
                path = layer;
            }
            NDArray copy = rows.duplicate();
            copy.attach(owner);
            chunks.add(copy);
        }

        NDArray merged() {
            NDArray merged = chunks.size() == 1 ? chunks.get(0) : NDArrays.concat(chunks, 1);
            if (chunks.size() > 1) {
                chunks.close();
            }
            chunks.clear();
            return merged;
        }

        void clear() {
            chunks.close();
            chunks.clear();
        }
    }
}
