package dev.chimera.model.cia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.chimera.model.nn.TensorFixture;
import dev.chimera.model.sd.AttentionCall;
import dev.chimera.model.sd.AttentionProcessor;
import dev.chimera.model.sd.ProbabilityEdit;
import dev.chimera.model.sd.ScaledDotProductAttention;

/** CIA's processor swaps row 0's keys and values only where and when the reference does, and contrasts row 0. */
class CrossImageAttentionProcessorTest {

    private static final String UP_32 = "up_blocks.2.attentions.0.transformer_blocks.0.attn1";
    private static final String UP_16 = "up_blocks.1.attentions.0.transformer_blocks.0.attn1";

    private final NDManager manager = TensorFixture.manager();

    @AfterEach
    void close() {
        manager.close();
    }

    private AttentionCall call(String path, boolean self, int side, long seed) {
        long tokens = (long) side * side;
        return new AttentionCall(path, self, tokens, 2, normal(seed, 3, tokens, 4), normal(seed + 1, 3, tokens, 4),
                normal(seed + 2, 3, tokens, 4));
    }

    private NDArray normal(long seed, long... shape) {
        Random random = new Random(seed);
        float[] values = new float[(int) new Shape(shape).size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * 2;
        }
        return manager.create(values, new Shape(shape));
    }

    private static CrossImageAttentionProcessor swapping(int step, float contrast) {
        return new CrossImageAttentionProcessor(step, true, new SwapSchedule(10, 70, 10, 90, contrast),
                Optional.empty());
    }

    @Test
    void the16By16LayersNeverSwap() {
        AttentionCall call = call(UP_16, true, 16, 1);

        for (int step = 0; step < 100; step++) {
            assertFalse(swapping(step, 1.67f).swaps(call), "step " + step);
        }
        assertArrayEquals(AttentionProcessor.PLAIN.attend(call).toFloatArray(),
                swapping(20, 1.67f).attend(call).toFloatArray());
    }

    @Test
    void the32And64LayersSwapOnlyInTheirStepRangesAndOnlyInTheUpBlocksSelfAttention() {
        AttentionCall up32 = call(UP_32, true, 32, 2);
        AttentionCall up64 = new AttentionCall("up_blocks.3.attentions.1.transformer_blocks.0.attn1", true, 4096,
                8, up32.query(), up32.key(), up32.value());

        assertTrue(swapping(10, 1.67f).swaps(up32));
        assertFalse(swapping(9, 1.67f).swaps(up32));
        assertFalse(swapping(70, 1.67f).swaps(up32));
        assertTrue(swapping(89, 1.67f).swaps(up64));
        assertFalse(swapping(90, 1.67f).swaps(up64));
        assertFalse(swapping(20, 1.67f).swaps(new AttentionCall("down_blocks.0.attentions.0.transformer_blocks.0"
                + ".attn1", true, 1024, 2, up32.query(), up32.key(), up32.value())));
        assertFalse(swapping(20, 1.67f).swaps(new AttentionCall(UP_32.replace("attn1", "attn2"), false, 1024, 2,
                up32.query(), up32.key(), up32.value())));
        assertFalse(new CrossImageAttentionProcessor(20, false, SwapSchedule.defaults(), Optional.empty())
                .swaps(up32));
    }

    @Test
    void rowsOneAndTwoAreUnchangedUnderTheSwap() {
        AttentionCall call = call(UP_32, true, 32, 3);

        NDArray plain = AttentionProcessor.PLAIN.attend(call);
        NDArray swapped = swapping(33, 1.67f).attend(call);

        assertArrayEquals(plain.get("1:").toFloatArray(), swapped.get("1:").toFloatArray());
        assertTrue(plain.get("0").sub(swapped.get("0")).abs().max().getFloat() > 1e-2f);
    }

    @Test
    void rowZeroTakesTheStructuresKeysAtStepsDivisibleByFiveBelowFortyAndTheAppearancesOtherwise() {
        AttentionCall call = call(UP_32, true, 32, 4);
        NDArray q0 = call.query().get("0:1");

        // Contrast 1 leaves the probabilities unchanged, which isolates the choice of keys and values.
        NDArray structure = ScaledDotProductAttention.attend(q0, call.key().get("2:3"), call.value().get("2:3"), 2,
                1024, ProbabilityEdit.NONE);
        NDArray appearance = ScaledDotProductAttention.attend(q0, call.key().get("1:2"), call.value().get("1:2"), 2,
                1024, ProbabilityEdit.NONE);

        for (int step : new int[] {10, 20, 35}) {
            assertArrayEquals(structure.toFloatArray(), swapping(step, 1f).attend(call).get("0:1").toFloatArray(),
                    1e-6f, "step " + step);
        }
        for (int step : new int[] {11, 33, 40, 45}) {
            assertArrayEquals(appearance.toFloatArray(), swapping(step, 1f).attend(call).get("0:1").toFloatArray(),
                    1e-6f, "step " + step);
        }
    }

    @Test
    void theContrastStretchesRowZerosProbabilitiesAroundTheMeanOfTheColumnsRowAndClipsThemWithoutRenormalising() {
        AttentionCall call = call(UP_32, true, 32, 5);

        NDArray out = swapping(33, 1.67f).attend(call).get("0:1");

        for (int head = 0; head < 2; head++) {
            String slice = "0:1, :, " + 2 * head + ":" + 2 * (head + 1);
            NDArray a = call.query().get(slice).matMul(call.key().get(slice.replace("0:1", "1:2")).transpose(0, 2, 1))
                    .div((float) Math.sqrt(2)).softmax(-1);
            // The reference's A.mean(dim=-1) broadcasts over the last axis: element [i, j] uses row j's mean.
            NDArray m = a.mean(new int[] {-1}).expandDims(1);
            NDArray contrasted = a.sub(m).mul(1.67f).add(m).clip(0f, 1f);
            NDArray expected = contrasted.matMul(call.value().get(slice.replace("0:1", "1:2")));
            assertArrayEquals(expected.toFloatArray(), out.get(":, :, " + 2 * head + ":" + 2 * (head + 1))
                    .toFloatArray(), 1e-5f);
        }
    }

    @Test
    void aMapSinkReceivesEveryRowOfTheHeadAveragedProbabilities() {
        AttentionCall call = call(UP_16, true, 16, 6);
        List<Long> firstRows = new ArrayList<>();
        List<Float> rowSums = new ArrayList<>();
        CrossImageAttentionProcessor processor = new CrossImageAttentionProcessor(20, true,
                SwapSchedule.defaults(), Optional.of((c, first, mean) -> {
                    assertEquals(new Shape(3, mean.getShape().get(1), 256), mean.getShape());
                    firstRows.add(first);
                    rowSums.add(mean.sum(new int[] {-1}).max().getFloat());
                }));

        processor.attend(call);

        assertEquals(List.of(0L), firstRows);
        assertEquals(1f, rowSums.get(0), 1e-5f);
    }
}
