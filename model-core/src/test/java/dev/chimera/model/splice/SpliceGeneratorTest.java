package dev.chimera.model.splice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.types.Shape;

class SpliceGeneratorTest {

    @Test
    void thePublishedGeneratorHasSplicesKeysAndShapes() {
        Map<String, Shape> shapes = new SpliceGenerator(SkipConfig.splice()).namedShapes();

        assertEquals(202, shapes.size());
        assertEquals(new Shape(4, 3, 1, 1), shapes.get("1.0.1.0.weight"));
        assertEquals(new Shape(16, 3, 3, 3), shapes.get("1.1.1.0.weight"));
        assertEquals(new Shape(36), shapes.get("2.running_var"));
        assertEquals(new Shape(16, 36, 3, 3), shapes.get("3.0.weight"));
        assertEquals(new Shape(3, 16, 1, 1), shapes.get("9.0.weight"));
        assertEquals(new Shape(), shapes.get("1.1.7.1.1.7.1.1.7.1.1.7.1.1.2.num_batches_tracked"));
    }

    @Test
    void theDeepestScaleHasNoFurtherLevelAndItsBatchNormSeesTheDownWidth() {
        SkipConfig config = new SkipConfig(3, 3, List.of(4, 8), List.of(4, 8), List.of(2, 2), List.of(3, 3),
                List.of(3, 3), 1, true, false, true, false, "bilinear", 0.2f, true, 1e-5f, 0.1f);
        Map<String, Shape> shapes = new SpliceGenerator(config).namedShapes();

        assertEquals(82, shapes.size());
        assertEquals(new Shape(10), shapes.get("1.1.7.2.weight"));
        assertEquals(new Shape(8, 10, 3, 3), shapes.get("1.1.7.3.0.weight"));
        assertEquals(new Shape(4, 10, 3, 3), shapes.get("3.0.weight"));
    }

    @Test
    void anOddSideKeepsItsSizeBecauseTheUpsampledBranchIsCentreCropped() {
        Shape out = new SpliceGenerator(SkipConfig.splice()).getOutputShapes(new Shape[] {new Shape(1, 3, 39, 45)})[0];
        assertEquals(new Shape(1, 3, 39, 45), out);
    }
}
