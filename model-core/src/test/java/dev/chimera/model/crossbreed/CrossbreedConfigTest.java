package dev.chimera.model.crossbreed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class CrossbreedConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheReferenceKeyNames() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree("""
                {"img_size": 32, "n_f": 4, "n_cont_down": 2, "n_cont_res_blks": 1, "n_style_down": 3,
                 "n_style_res_blks": 0, "n_mlp_f": 16, "n_mlp_blks": 1, "style_code": 32}""");
        CrossbreedConfig config = CrossbreedConfig.fromJson(json);
        assertEquals(new CrossbreedConfig(32, 4, 2, 1, 3, 0, 16, 1), config);
        assertEquals(16, config.contentChannels());
        assertEquals(32, config.mlpInput());
    }

    @Test
    void aMissingHyperparameterIsNamed() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossbreedConfig.fromJson(JSON.readTree("{\"img_size\": 32}")));
        assertTrue(e.getMessage().contains("n_f"), e.getMessage());
    }

    @Test
    void publishedConfigIsTheDogsModel() {
        CrossbreedConfig published = CrossbreedConfig.published();
        assertEquals(128, published.imgSize());
        assertEquals(256, published.contentChannels());
        assertEquals(2048, published.mlpInput());
    }

    @Test
    void styleResidualBlocksWidenTheMlpInputByTheStyleMapAreaAsTheReferenceDoes() {
        assertEquals(32 * 4 * 4, new CrossbreedConfig(32, 4, 2, 1, 3, 1, 16, 1).mlpInput());
    }
}
