package dev.chimera.model.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.ndarray.types.Shape;

/** The CLIP text configuration: SD-1.5's sizes, and reading them from a config object or a checkpoint's shapes. */
class ClipTextConfigTest {

    @Test
    void sd15sTextEncoderHas123MillionParametersIn196Tensors() {
        Map<String, Shape> shapes = new ClipTextModel(ClipTextConfig.sd15()).namedShapes();

        long parameters = shapes.values().stream().mapToLong(Shape::size).sum();
        assertEquals(196, shapes.size());
        assertEquals(123_060_480L, parameters);
        assertEquals(64, ClipTextConfig.sd15().headDim());
    }

    @Test
    void theSizesComeFromTheWeightShapesAndTheHeadsFromTheConfig() {
        Map<String, Shape> shapes = new ClipTextModel(new ClipTextConfig(100, 12, 20, 3, 4, 9, 1e-5f)).namedShapes();

        assertEquals(new ClipTextConfig(100, 12, 20, 3, 3, 9, 1e-6f), ClipTextConfig.fromWeights(shapes, 3, 1e-6f));
    }

    @Test
    void aTransformersConfigIsReadByItsKeyNames() throws Exception {
        JsonNode json = new ObjectMapper().readTree("{\"vocab_size\": 49408, \"hidden_size\": 768, "
                + "\"intermediate_size\": 3072, \"num_hidden_layers\": 12, \"num_attention_heads\": 12, "
                + "\"max_position_embeddings\": 77, \"hidden_act\": \"quick_gelu\"}");

        assertEquals(ClipTextConfig.sd15(), ClipTextConfig.fromJson(json));
    }

    @Test
    void anotherActivationOrUnevenHeadsAreRefused() throws Exception {
        JsonNode gelu = new ObjectMapper().readTree("{\"vocab_size\": 10, \"hidden_size\": 8, "
                + "\"intermediate_size\": 16, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, "
                + "\"max_position_embeddings\": 7, \"hidden_act\": \"gelu\"}");

        assertThrows(IllegalArgumentException.class, () -> ClipTextConfig.fromJson(gelu));
        assertThrows(IllegalArgumentException.class, () -> new ClipTextConfig(10, 8, 16, 1, 3, 7, 1e-5f));
    }
}
