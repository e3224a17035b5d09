package dev.chimera.model.clvae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

class ClvaeSynthesizerTest {

    private static ClvaeConfig tiny(UpsamplingMode mode, int crop) {
        return new ClvaeConfig(5, 8, 3, 2, 4, mode, crop, 1.0, 2, 64, false);
    }

    private static ClvaeSynthesizer randomlyInitialised(ClvaeConfig config, NDManager manager) {
        ClvaeGenerator generator = new ClvaeGenerator(config);
        ClvaeStyleEncoder encoder = new ClvaeStyleEncoder(config);
        generator.initialize(manager, DataType.FLOAT32);
        encoder.initialize(manager, DataType.FLOAT32);
        return new ClvaeSynthesizer(generator, encoder);
    }

    /** A side×side map of class 0 with a class-{@code c} square of {@code blob} pixels at the top left corner. */
    private static NDArray labelMap(NDManager manager, int side, int c, int blob) {
        long[] labels = new long[side * side];
        for (int y = 0; y < blob; y++) {
            for (int x = 0; x < blob; x++) {
                labels[y * side + x] = c;
            }
        }
        return manager.create(labels, new Shape(1, 1, side, side));
    }

    @Test
    void drawsReproducibleCodesForExactlyTheClassesOfTheLabelMap() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClvaeSynthesizer synthesizer = randomlyInitialised(tiny(UpsamplingMode.NORMAL, 64), m);
            NDArray label = labelMap(m, 64, 3, 8);
            ClvaeCodes codes = synthesizer.randomCodes(label, 42);
            assertEquals(Set.of(0, 3), codes.perClass().keySet());
            assertEquals(new Shape(1, 5, 3), codes.perClass().get(3).getShape());
            assertEquals(new Shape(1, 8), codes.global().getShape());
            ClvaeCodes again = synthesizer.randomCodes(label, 42);
            assertArrayEquals(codes.perClass().get(3).toFloatArray(), again.perClass().get(3).toFloatArray());
            assertArrayEquals(codes.global().toFloatArray(), again.global().toFloatArray());
            assertFalse(Arrays.equals(codes.global().toFloatArray(),
                    synthesizer.randomCodes(label, 43).global().toFloatArray()));
        }
    }

    @Test
    void samplesImagesOfTheConfiguredSizeInEveryUpsamplingMode() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (UpsamplingMode mode : UpsamplingMode.values()) {
                int crop = mode == UpsamplingMode.MOST ? 128 : 64;
                ClvaeSynthesizer synthesizer = randomlyInitialised(tiny(mode, crop), m);
                NDArray label = labelMap(m, crop, 4, 16);
                NDArray image = synthesizer.sample(label, synthesizer.randomCodes(label, 1));
                assertEquals(new Shape(1, 3, crop, crop), image.getShape(), mode.optionName());
                assertTrue(image.abs().max().getFloat() <= 1f, mode.optionName());
            }
        }
    }

    @Test
    void handsEachBlockItsCodeMapAtThatBlocksScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClvaeSynthesizer synthesizer = randomlyInitialised(tiny(UpsamplingMode.NORMAL, 64), m);
            NDArray label = labelMap(m, 64, 2, 4);
            var maps = synthesizer.codeMaps(label, synthesizer.randomCodes(label, 5));
            assertEquals(5, maps.size());
            for (int i = 0; i < 5; i++) {
                long side = 2L << i;
                assertEquals(new Shape(1, 3, side, side), maps.get(i).getShape());
            }
        }
    }

    @Test
    void refusesToSampleAClassThatHasNoCode() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClvaeSynthesizer synthesizer = randomlyInitialised(tiny(UpsamplingMode.NORMAL, 64), m);
            ClvaeCodes codes = synthesizer.randomCodes(labelMap(m, 64, 1, 8), 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> synthesizer.sample(labelMap(m, 64, 3, 8), codes));
            assertEquals("class 3 of the label map has no code", e.getMessage());
        }
    }

    @Test
    void refusesLabelsOutsideTheOneHotChannels() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClvaeSynthesizer synthesizer = randomlyInitialised(tiny(UpsamplingMode.NORMAL, 64), m);
            assertThrows(IllegalArgumentException.class, () -> synthesizer.randomCodes(labelMap(m, 64, 5, 2), 1));
        }
    }

    @Test
    void encodesAClassAbsentFromCoarseLayersWithExactlyZeroRows() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClvaeSynthesizer synthesizer = randomlyInitialised(tiny(UpsamplingMode.NORMAL, 64), m);
            long[] labels = new long[64 * 64];
            // (2, 2) is sampled at 1/2 (every 2nd pixel) but not at 1/4 and coarser
            labels[2 * 64 + 2] = 4;
            NDArray styleLabel = m.create(labels, new Shape(1, 1, 64, 64));
            NDArray styleImage = m.randomUniform(-1, 1, new Shape(1, 3, 64, 64));
            StyleMeans style = synthesizer.encodeStyle(styleImage, styleLabel);
            assertEquals(Set.of(0, 4), style.perClass().keySet());
            float[] rows = style.perClass().get(4).toFloatArray();
            assertTrue(Arrays.stream(new int[] {0, 1, 2}).anyMatch(i -> rows[i] != 0), "row 0 is computed");
            for (int i = 3; i < rows.length; i++) {
                assertEquals(0f, rows[i], "rows 1-4 are zero");
            }
            assertEquals(new Shape(1, 8), style.global().getShape());
        }
    }

    @Test
    void guidesByTheStyleMeansOfSharedClassesAndFallsBackForTheOthers() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClvaeSynthesizer synthesizer = randomlyInitialised(tiny(UpsamplingMode.NORMAL, 64), m);
            NDArray label = labelMap(m, 64, 3, 8);
            StyleMeans style = synthesizer.encodeStyle(m.randomUniform(-1, 1, new Shape(1, 3, 64, 64)),
                    labelMap(m, 64, 4, 8));
            NDArray fallback = m.ones(new Shape(1, 5, 3));
            ClvaeCodes codes = synthesizer.styleGuidedCodes(label, style, Map.of(3, fallback));
            assertEquals(Set.of(0, 3), codes.perClass().keySet());
            assertSame(style.perClass().get(0), codes.perClass().get(0));
            assertSame(fallback, codes.perClass().get(3));
            assertSame(style.global(), codes.global());
            assertEquals(new Shape(1, 3, 64, 64), synthesizer.sample(label, codes).getShape());
        }
    }
}
