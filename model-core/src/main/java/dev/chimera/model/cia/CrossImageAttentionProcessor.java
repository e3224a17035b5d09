package dev.chimera.model.cia;

import java.util.Optional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.chimera.model.sd.AttentionCall;
import dev.chimera.model.sd.AttentionMapSink;
import dev.chimera.model.sd.AttentionProcessor;
import dev.chimera.model.sd.ProbabilityEdit;
import dev.chimera.model.sd.ScaledDotProductAttention;

/**
 * CIA's attention processor ({@code AppearanceTransferModel.register_attention_control}) for one UNet call on the
 * batch [OUT, APPEARANCE, STRUCTURE]. When swapping, the self-attention of the up blocks whose token count the
 * {@link SwapSchedule} selects at this step gives row 0 the keys and values of the structure (steps divisible by 5
 * below 40) or of the appearance, and contrasts row 0's probabilities per head: clip((A − m)·c + m, 0, 1) without
 * renormalising, where, as the reference broadcasts {@code A.mean(dim=-1)}, element [i, j] uses the mean of row j.
 * Rows 1 and 2 attend as without the swap. Every other attention is plain.
 */
public final class CrossImageAttentionProcessor implements AttentionProcessor {

    /** Batch index of the output image. */
    public static final int OUT = 0;
    /** Batch index of the appearance (CIA's STYLE_INDEX). */
    public static final int APPEARANCE = 1;
    /** Batch index of the structure image. */
    public static final int STRUCTURE = 2;

    private static final String UP_BLOCKS = "up_blocks.";

    private final int step;
    private final boolean performSwap;
    private final SwapSchedule schedule;
    private final Optional<AttentionMapSink> maps;

    /**
     * The processor for a UNet call at the model's step counter {@code step} (which lags the loop index by one);
     * {@code performSwap} is the pipeline's perform_swap (and enable_edit), {@code maps} receives every attention's
     * head-averaged probabilities (CIA's segmentation capture).
     */
    public CrossImageAttentionProcessor(int step, boolean performSwap, SwapSchedule schedule,
            Optional<AttentionMapSink> maps) {
        this.step = step;
        this.performSwap = performSwap;
        this.schedule = schedule;
        this.maps = maps;
    }

    /** Whether this processor swaps in the attention {@code call}. */
    public boolean swaps(AttentionCall call) {
        return performSwap && call.selfAttention() && call.path().startsWith(UP_BLOCKS)
                && schedule.swaps(call.tokens(), step);
    }

    @Override
    public NDArray attend(AttentionCall call) {
        if (!swaps(call)) {
            return ScaledDotProductAttention.attend(call, record(call, ProbabilityEdit.NONE));
        }
        int source = SwapSchedule.structureStep(step) ? STRUCTURE : APPEARANCE;
        AttentionCall swapped = call.withKeysAndValues(replaceOut(call.key(), source), replaceOut(call.value(),
                source));
        return ScaledDotProductAttention.attend(swapped, record(swapped, contrast(swapped)));
    }

    private static NDArray replaceOut(NDArray x, int source) {
        return NDArrays.concat(new NDList(x.get("{}:{}", source, source + 1), x.get("1:")), 0);
    }

    /** Row 0's contrast, with the row means of row 0's whole map computed first. */
    private ProbabilityEdit contrast(AttentionCall call) {
        NDArray query = call.query().get("0:1");
        NDArray key = call.key().get("0:1");
        long rows = ScaledDotProductAttention.chunkRows(query.getShape(), call.heads(), key.getShape().get(1));
        NDArray means = ScaledDotProductAttention.probabilityRowMeans(query, key, call.heads(), rows);
        Shape m = means.getShape();
        NDArray columnMeans = means.reshape(1, m.get(1), 1, m.get(2));
        float strength = schedule.contrastStrength();
        return (probabilities, firstRow) -> {
            NDArray out = probabilities.get("0:1");
            NDArray contrasted = out.sub(columnMeans).mul(strength).add(columnMeans).clip(0f, 1f);
            return NDArrays.concat(new NDList(contrasted, probabilities.get("1:")), 0);
        };
    }

    private ProbabilityEdit record(AttentionCall call, ProbabilityEdit edit) {
        if (maps.isEmpty()) {
            return edit;
        }
        AttentionMapSink sink = maps.get();
        return (probabilities, firstRow) -> {
            NDArray edited = edit.apply(probabilities, firstRow);
            sink.accept(call, firstRow, edited.mean(new int[] {1}));
            return edited;
        };
    }
}
