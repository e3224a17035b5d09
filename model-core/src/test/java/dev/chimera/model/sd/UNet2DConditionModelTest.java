package dev.chimera.model.sd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.chimera.model.cia.CrossImageAttentionProcessor;
import dev.chimera.model.cia.SwapSchedule;
import dev.chimera.model.nn.InPlace;
import dev.chimera.model.nn.TensorFixture;

/** A two-level SD-layout UNet: shapes, attention paths, FreeU and CIA's swap through the whole network. */
class UNet2DConditionModelTest {

    private static final SdUnetConfig TWO_LEVELS = new SdUnetConfig(4, 4, new int[] {4, 8},
            new boolean[] {true, false}, 1, new int[] {2, 2}, 6, 2, 1e-5f, true, 0, 1);

    private final NDManager manager = TensorFixture.manager();
    private final ParameterStore store = TensorFixture.store(manager);

    @AfterEach
    void close() {
        manager.close();
    }

    private UNet2DConditionModel unet() {
        UNet2DConditionModel unet = new UNet2DConditionModel(TWO_LEVELS);
        unet.initialize(manager, DataType.FLOAT32, 7L);
        // The default draws (std 0.02) leave the attention nearly uniform; weights of std 0.5 make it matter.
        unet.namedTensors().values().stream().map(p -> p.getArray()).filter(w -> w.getShape().dimension() >= 2)
                .forEach(w -> InPlace.assign(w, w.mul(25f)));
        return unet;
    }

    @Test
    void theNoisePredictionHasTheLatentsShapeEvenForOddLatentSizes() {
        UNet2DConditionModel unet = unet();
        NDArray text = SdArrays.normal(manager, 2, 1f, 2, 5, 6);

        for (long[] size : new long[][] {{16, 16}, {9, 6}}) {
            NDArray eps = unet.forward(store, SdArrays.normal(manager, 1, 1f, 2, 4, size[0], size[1]), 500, text,
                    AttentionProcessor.PLAIN);

            assertEquals(new Shape(2, 4, size[0], size[1]), eps.getShape());
            assertTrue(Float.isFinite(eps.sum().getFloat()));
            assertTrue(eps.max().getFloat() > eps.min().getFloat());
        }
    }

    @Test
    void everyAttentionCallCarriesItsPublishedPathAndKind() {
        UNet2DConditionModel unet = unet();
        List<String> calls = new ArrayList<>();

        unet.forward(store, SdArrays.normal(manager, 1, 1f, 1, 4, 8, 8), 10, SdArrays.normal(manager, 2, 1f, 1, 5, 6),
                call -> {
                    calls.add(call.path() + " self=" + call.selfAttention() + " tokens=" + call.tokens());
                    return AttentionProcessor.PLAIN.attend(call);
                });

        assertEquals(List.of("down_blocks.0.attentions.0.transformer_blocks.0.attn1 self=true tokens=64",
                "down_blocks.0.attentions.0.transformer_blocks.0.attn2 self=false tokens=64",
                "mid_block.attentions.0.transformer_blocks.0.attn1 self=true tokens=16",
                "mid_block.attentions.0.transformer_blocks.0.attn2 self=false tokens=16",
                "up_blocks.1.attentions.0.transformer_blocks.0.attn1 self=true tokens=64",
                "up_blocks.1.attentions.0.transformer_blocks.0.attn2 self=false tokens=64",
                "up_blocks.1.attentions.1.transformer_blocks.0.attn1 self=true tokens=64",
                "up_blocks.1.attentions.1.transformer_blocks.0.attn2 self=false tokens=64"), calls);
    }

    @Test
    void freeUChangesThePrediction() {
        UNet2DConditionModel unet = unet();
        NDArray latents = SdArrays.normal(manager, 1, 1f, 1, 4, 8, 8);
        NDArray text = SdArrays.normal(manager, 2, 1f, 1, 5, 6);

        NDArray plain = unet.forward(store, latents, 300, text, AttentionProcessor.PLAIN);
        NDArray freeU = unet.forward(store, latents, 300, text, AttentionProcessor.PLAIN,
                Optional.of(FreeU.cia(TWO_LEVELS)), UnetObserver.NONE);

        assertTrue(SdArrays.maxDifference(plain, freeU) > 1e-3f);
    }

    @Test
    void theCrossImageSwapAtThe32By32LevelChangesOnlyTheOutputRow() {
        UNet2DConditionModel unet = unet();
        NDArray latents = SdArrays.normal(manager, 1, 1f, 3, 4, 32, 32);
        NDArray text = SdArrays.normal(manager, 2, 1f, 3, 5, 6);
        Optional<FreeU> freeU = Optional.of(FreeU.cia(TWO_LEVELS));

        NDArray noSwap = unet.forward(store, latents, 300, text,
                new CrossImageAttentionProcessor(20, false, SwapSchedule.defaults(), Optional.empty()), freeU,
                UnetObserver.NONE);
        NDArray swap = unet.forward(store, latents, 300, text,
                new CrossImageAttentionProcessor(20, true, SwapSchedule.defaults(), Optional.empty()), freeU,
                UnetObserver.NONE);

        assertArrayEquals(noSwap.get("1:").toFloatArray(), swap.get("1:").toFloatArray());
        float change = SdArrays.maxDifference(noSwap.get("0"), swap.get("0"));
        assertTrue(change > 1e-3f, "row 0 changed by " + change);
    }
}
