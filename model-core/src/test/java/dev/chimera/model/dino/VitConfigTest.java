package dev.chimera.model.dino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class VitConfigTest {

    @Test
    void thePublishedVariantsHaveDinosWidthsHeadsAndPatches() {
        assertEquals(new VitConfig(224, 16, 3, 384, 12, 6, 1536, true, 1e-6f), VitConfig.vitS16());
        assertEquals(new VitConfig(224, 8, 3, 384, 12, 6, 1536, true, 1e-6f), VitConfig.vitS8());
        assertEquals(new VitConfig(224, 16, 3, 768, 12, 12, 3072, true, 1e-6f), VitConfig.vitB16());
        assertEquals(new VitConfig(224, 8, 3, 768, 12, 12, 3072, true, 1e-6f), VitConfig.vitB8());
        assertEquals(28, VitConfig.vitB8().posGrid());
        assertEquals(64, VitConfig.vitB8().headDim());
    }

    @Test
    void readsTheReferenceKeywordsAndDerivesTheMlpWidthFromTheRatio() throws Exception {
        VitConfig config = VitConfig.fromJson(new ObjectMapper().readTree(
                "{\"img_size\":32,\"patch_size\":8,\"embed_dim\":32,\"depth\":3,\"num_heads\":4,\"mlp_ratio\":2.0}"));
        assertEquals(new VitConfig(32, 8, 3, 32, 3, 4, 64, true, 1e-6f), config);
    }

    @Test
    void refusesAWidthThatDoesNotSplitIntoTheHeads() {
        assertThrows(IllegalArgumentException.class, () -> new VitConfig(32, 8, 3, 30, 2, 4, 64, true, 1e-6f));
    }
}
