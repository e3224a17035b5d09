package dev.chimera.model.splice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

class SpliceAugmentationsTest {

    private final SpliceAugmentations augmentations = new SpliceAugmentations();

    @Test
    void cropsAreSquareWithASideFrom95PercentOfTheHeightToTheHeightCappedAtTheWidth() {
        SpliceRandom random = new SpliceRandom(5);
        for (int i = 0; i < 500; i++) {
            int[] tall = SpliceAugmentations.cropWindow(100, 60, random);
            assertEquals(60, tall[2]);
            int[] wide = SpliceAugmentations.cropWindow(100, 140, random);
            assertTrue(wide[2] >= 95 && wide[2] <= 100, "side " + wide[2]);
            assertTrue(wide[0] >= 0 && wide[0] + wide[2] <= 100 && wide[1] >= 0 && wide[1] + wide[2] <= 140);
        }
    }

    @Test
    void theAppearanceCropIsAnUnalteredWindowOfBOrOfItsMirrorImage() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = SpliceFixtures.image(manager, 1, 40, 48);
            NDArray b = SpliceFixtures.image(manager, 2, 40, 48);
            for (long seed = 0; seed < 6; seed++) {
                SpliceAugmentations.Crops crops = augmentations.sample(a, b, new SpliceRandom(seed), manager);
                long side = crops.globalB().getShape().get(2);
                assertEquals(side, crops.globalB().getShape().get(3));
                assertEquals(crops.globalA().getShape().get(2), crops.globalA().getShape().get(3));
                assertTrue(isWindowOf(crops.globalB(), b) || isWindowOf(crops.globalB(), b.flip(3)),
                        "seed " + seed);
                assertTrue(crops.globalA().min().getFloat() >= 0 && crops.globalA().max().getFloat() <= 1);
            }
        }
    }

    @Test
    void theSameRandomStateGivesTheSameCropsAndLeavesTheSameState() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = SpliceFixtures.image(manager, 1, 40, 48);
            NDArray b = SpliceFixtures.image(manager, 2, 40, 48);
            SpliceRandom first = new SpliceRandom(11);
            SpliceRandom second = new SpliceRandom(11);
            for (int i = 0; i < 4; i++) {
                SpliceAugmentations.Crops x = augmentations.sample(a, b, first, manager);
                SpliceAugmentations.Crops y = augmentations.sample(a, b, second, manager);
                assertTrue(x.globalA().contentEquals(y.globalA()) && x.globalB().contentEquals(y.globalB()));
            }
            assertArrayEquals(first.state(), second.state());
        }
    }

    @Test
    void aZeroHueRotationGivesBackTheImageAndAHalfTurnGivesTheComplementaryHue() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray image = SpliceFixtures.image(manager, 3, 8, 8);
            float unchanged = SpliceAugmentations.adjustHue(image, 0).sub(image).abs().max().getFloat();
            assertTrue(unchanged < 1e-5, "hue 0 changed the image by " + unchanged);

            NDArray red = manager.create(new float[] {1f, 0.2f, 0.2f}).reshape(1, 3, 1, 1);
            NDArray cyan = SpliceAugmentations.adjustHue(red, 0.5f);
            assertArrayEquals(new float[] {0.2f, 1f, 1f}, cyan.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void aBlurKeepsAConstantImageAndSmoothsASinglePeak() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray constant = manager.full(new ai.djl.ndarray.types.Shape(1, 3, 5, 6), 0.25f);
            float change = SpliceAugmentations.gaussianBlur(constant, 1.0).sub(constant).abs().max().getFloat();
            assertTrue(change < 1e-6);

            float[] values = new float[3 * 5 * 5];
            values[12] = 1;
            NDArray peak = manager.create(values).reshape(1, 3, 5, 5);
            NDArray blurred = SpliceAugmentations.gaussianBlur(peak, 1.0);
            double edge = Math.exp(-0.5);
            double centre = 1 / (1 + 2 * edge);
            assertEquals(centre * centre, blurred.getFloat(0, 0, 2, 2), 1e-6);
            assertEquals(centre * centre * edge, blurred.getFloat(0, 0, 2, 3), 1e-6);
            assertEquals(1, blurred.get("0, 0").sum().getFloat(), 1e-5);
        }
    }

    private static boolean isWindowOf(NDArray crop, NDArray image) {
        long side = crop.getShape().get(2);
        for (long top = 0; top + side <= image.getShape().get(2); top++) {
            for (long left = 0; left + side <= image.getShape().get(3); left++) {
                NDArray window = image.get(":, :, " + top + ":" + (top + side) + ", " + left + ":" + (left + side));
                if (window.contentEquals(crop)) {
                    return true;
                }
            }
        }
        return false;
    }
}
