package dev.chimera.model.cia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class AdainTest {

    @Test
    void plainAdainGivesTheContentTheStylesChannelMeansAndUnbiasedStds() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray content = manager.randomNormal(new Shape(4, 8, 8));
            NDArray style = manager.randomNormal(2f, 3f, new Shape(4, 8, 8), ai.djl.ndarray.types.DataType.FLOAT32);

            NDArray out = Adain.plain(content, style);

            NDArray outFlat = out.reshape(4, -1);
            NDArray styleFlat = style.reshape(4, -1);
            float[] outMean = outFlat.mean(new int[] {1}).toFloatArray();
            float[] styleMean = styleFlat.mean(new int[] {1}).toFloatArray();
            float[] outVar = unbiasedVariance(outFlat);
            float[] styleVar = unbiasedVariance(styleFlat);
            for (int c = 0; c < 4; c++) {
                assertEquals(styleMean[c], outMean[c], 1e-4);
                // σ_out = σ_s·σ_c/√(σ_c² + eps): equal to σ_s up to the eps.
                assertEquals(Math.sqrt(styleVar[c]), Math.sqrt(outVar[c]), 1e-3);
            }
        }
    }

    @Test
    void maskedAdainChangesOnlyTheMaskedPixelsAndUsesOnlyMaskedStatistics() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray content = manager.randomNormal(new Shape(2, 6, 6));
            NDArray style = manager.randomNormal(new Shape(2, 6, 6));
            long[] half = new long[36];
            for (int i = 0; i < 18; i++) {
                half[i] = 1;
            }
            NDArray topHalf = manager.create(half, new Shape(6, 6));
            // Whatever the style holds outside its mask must not matter.
            NDArray styleWithOtherOutside = style.duplicate();
            styleWithOtherOutside.set(new ai.djl.ndarray.index.NDIndex(":, 3:, :"), 100f);

            NDArray out = Adain.masked(content, style, topHalf, topHalf);
            NDArray same = Adain.masked(content, styleWithOtherOutside, topHalf, topHalf);

            assertTrue(out.get(":, 3:, :").contentEquals(content.get(":, 3:, :")));
            assertTrue(out.sub(same).abs().max().getFloat() < 1e-5f);
            float outMean = out.get("0, :3, :").mean().getFloat();
            float styleMean = style.get("0, :3, :").mean().getFloat();
            assertEquals(styleMean, outMean, 1e-4);
        }
    }

    @Test
    void aFullMaskGivesPlainAdain() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray content = manager.randomNormal(new Shape(3, 5, 5));
            NDArray style = manager.randomNormal(new Shape(3, 5, 5));
            NDArray everywhere = manager.ones(new Shape(5, 5), ai.djl.ndarray.types.DataType.INT64);

            NDArray masked = Adain.masked(content, style, everywhere, everywhere);

            assertTrue(masked.sub(Adain.plain(content, style)).abs().max().getFloat() < 1e-5f);
        }
    }

    private static float[] unbiasedVariance(NDArray flat) {
        long n = flat.getShape().get(1);
        NDArray centred = flat.sub(flat.mean(new int[] {1}, true));
        return centred.square().sum(new int[] {1}).div(n - 1).toFloatArray();
    }
}
