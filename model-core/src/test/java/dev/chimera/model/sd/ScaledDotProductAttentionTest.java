package dev.chimera.model.sd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.chimera.model.nn.TensorFixture;

/** The chunked attention is softmax(Q Kᵀ / √d) V per head whatever the chunk size. */
class ScaledDotProductAttentionTest {

    private final NDManager manager = TensorFixture.manager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void chunksOfQueryRowsGiveTheWholeAttention() {
        NDArray q = SdArrays.normal(manager, 1, 1f, 3, 20, 8);
        NDArray k = SdArrays.normal(manager, 2, 1f, 3, 12, 8);
        NDArray v = SdArrays.normal(manager, 3, 1f, 3, 12, 8);

        NDArray whole = ScaledDotProductAttention.attend(q, k, v, 2, 20, ProbabilityEdit.NONE);
        NDArray chunked = ScaledDotProductAttention.attend(q, k, v, 2, 7, ProbabilityEdit.NONE);

        assertEquals(new Shape(3, 20, 8), chunked.getShape());
        assertTrue(SdArrays.maxDifference(whole, chunked) < 1e-6f);
    }

    @Test
    void eachHeadAttendsWithItsOwnSliceOfTheChannels() {
        NDArray q = SdArrays.normal(manager, 4, 1f, 1, 5, 4);
        NDArray k = SdArrays.normal(manager, 5, 1f, 1, 6, 4);
        NDArray v = SdArrays.normal(manager, 6, 1f, 1, 6, 4);

        NDArray out = ScaledDotProductAttention.attend(q, k, v, 2, 2, ProbabilityEdit.NONE);

        for (int head = 0; head < 2; head++) {
            String slice = ":, :, " + 2 * head + ":" + 2 * (head + 1);
            NDArray qh = q.get(slice);
            NDArray expected = qh.matMul(k.get(slice).transpose(0, 2, 1)).div((float) Math.sqrt(2)).softmax(-1)
                    .matMul(v.get(slice));
            assertArrayEquals(expected.toFloatArray(), out.get(slice).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void rowMeansOfTheProbabilitiesAreOneOverTheKeyCount() {
        NDArray q = SdArrays.normal(manager, 7, 3f, 1, 9, 4);
        NDArray k = SdArrays.normal(manager, 8, 3f, 1, 9, 4);

        NDArray means = ScaledDotProductAttention.probabilityRowMeans(q, k, 2, 4);

        assertEquals(new Shape(1, 2, 9), means.getShape());
        for (float m : means.toFloatArray()) {
            assertEquals(1f / 9, m, 1e-6f);
        }
    }
}
