package dev.chimera.model.clvae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.chimera.model.nn.TorchModule;

class ClvaeConfigTest {

    private static ClvaeConfig tiny(UpsamplingMode mode, int crop, double aspect) {
        return new ClvaeConfig(5, 8, 5, 2, 7, mode, crop, aspect, 2, 256, true);
    }

    /** Trainable parameters, counted from declared shapes: nothing is allocated. */
    private static long parameters(TorchModule module) {
        Map<String, Parameter> tensors = module.namedTensors();
        return module.namedShapes().entrySet().stream().filter(e -> tensors.get(e.getKey()).requiresGradient())
                .mapToLong(e -> e.getValue().size()).sum();
    }

    @Test
    void startsFromCropOverTwoToTheNumberOfUpsamplings() {
        assertEquals(2, tiny(UpsamplingMode.NORMAL, 64, 1).startWidth());
        assertEquals(1, tiny(UpsamplingMode.MORE, 64, 1).startWidth());
        assertEquals(2, tiny(UpsamplingMode.MOST, 256, 1).startWidth());
        assertEquals(256, tiny(UpsamplingMode.MOST, 256, 1).imageHeight());
    }

    @Test
    void roundsTheStartHeightHalfToEvenLikePython() {
        // GTA5: 512 wide, aspect 2, 'more': sw = 8, sh = 4
        ClvaeConfig gta = tiny(UpsamplingMode.MORE, 512, 2.0);
        assertEquals(8, gta.startWidth());
        assertEquals(4, gta.startHeight());
        assertEquals(256, gta.imageHeight());
        // sw = 5 at aspect 2 is 2.5, which Python rounds to 2
        assertEquals(2, tiny(UpsamplingMode.NORMAL, 160, 2.0).startHeight());
    }

    @Test
    void parsesTheReferenceSpellingOfTheUpsamplingMode() {
        assertEquals(UpsamplingMode.MORE, UpsamplingMode.of("more"));
        assertThrows(IllegalArgumentException.class, () -> UpsamplingMode.of("many"));
    }

    @Test
    void refusesACropTooSmallForItsUpsamplings() {
        assertThrows(IllegalArgumentException.class, () -> tiny(UpsamplingMode.MOST, 64, 1));
    }

    @Test
    void buildsTheFullSizeAde20kGeneratorWithTheReferenceLayout() {
        ClvaeGenerator generator = new ClvaeGenerator(ClvaeConfig.ade20k());
        Map<String, Shape> shapes = generator.namedShapes();
        assertEquals(new Shape(151, 151), shapes.get("embedding.weight"));
        assertEquals(new Shape(16 * 64 * 8 * 8, 256), shapes.get("fc.weight"));
        assertEquals(new Shape(128, 151, 3, 3), shapes.get("up_3.norm_0.mlp_shared.0.weight"));
        assertEquals(new Shape(3, 64, 3, 3), shapes.get("conv_img.weight"));
        // The reference's parameters() counted by formula from generator.py/architecture.py/normalization.py
        // (MODELS.md states "≈107M").
        assertEquals(111_965_396L, parameters(generator));
    }

    @Test
    void buildsTheFullSizeDeepFashionGenerator() {
        ClvaeGenerator generator = new ClvaeGenerator(ClvaeConfig.deepFashion());
        assertEquals(new Shape(16 * 160 * 4 * 4, 256), generator.namedShapes().get("fc.weight"));
        // MODELS.md: "≈480M"; the same formula gives this exact count.
        assertEquals(490_976_099L, parameters(generator));
    }

    @Test
    void buildsTheFullSizeStyleEncoder() {
        Map<String, Shape> shapes = new ClvaeStyleEncoder(ClvaeConfig.ade20k()).namedShapes();
        assertEquals(new Shape(256, 512 * 4 * 4), shapes.get("fc_mu.weight"));
        assertEquals(new Shape(151, 64), shapes.get("fc_mu1.weight"));
        assertEquals(new Shape(512, 512, 3, 3), shapes.get("layer6.0.weight"));
    }
}
