package dev.chimera.model.sd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.chimera.model.nn.StateDictMismatchException;
import dev.chimera.model.nn.TensorFixture;

/** SD's VAE: latent and image shapes, and the published file's deprecated attention names. */
class AutoencoderKLTest {

    private static final SdVaeConfig THREE_LEVELS = new SdVaeConfig(3, 3, new int[] {4, 8, 8}, 1, 2, 4, 0.18215f);

    private final NDManager manager = TensorFixture.manager();
    private final ParameterStore store = TensorFixture.store(manager);

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void encodingQuartersTheImageAndDecodingRestoresItsSize() {
        AutoencoderKL vae = new AutoencoderKL(THREE_LEVELS);
        vae.initialize(manager, DataType.FLOAT32, 3L);
        NDArray image = SdArrays.normal(manager, 1, 0.5f, 2, 3, 16, 12);

        Posterior posterior = vae.encode(store, image);
        NDArray latents = vae.encodeMode(store, image);
        NDArray decoded = vae.decodeToUnitRange(store, latents);

        assertEquals(new Shape(2, 8, 4, 3), posterior.moments().getShape());
        assertEquals(new Shape(2, 4, 4, 3), latents.getShape());
        assertEquals(new Shape(2, 3, 16, 12), decoded.getShape());
        assertTrue(decoded.min().getFloat() >= 0f && decoded.max().getFloat() <= 1f);
        assertTrue(decoded.max().getFloat() > decoded.min().getFloat());
    }

    @Test
    void thePublishedQueryKeyValueAndProjAttnNamesLoadAsTheCurrentOnes() {
        AutoencoderKL vae = new AutoencoderKL(THREE_LEVELS);
        Map<String, NDArray> published = new LinkedHashMap<>();
        vae.namedShapes().forEach((name, shape) -> published.put(name
                .replace("attentions.0.to_q.", "attentions.0.query.").replace("attentions.0.to_k.", "attentions.0.key.")
                .replace("attentions.0.to_v.", "attentions.0.value.")
                .replace("attentions.0.to_out.0.", "attentions.0.proj_attn."), manager.ones(shape)));

        vae.loadPublished(published, manager);

        assertTrue(published.containsKey("decoder.mid_block.attentions.0.proj_attn.weight"));
        assertEquals(64f, vae.namedTensors().get("encoder.mid_block.attentions.0.to_k.weight").getArray().sum()
                .getFloat());
    }

    @Test
    void aFileWithBothNamesOfOneTensorIsRefused() {
        AutoencoderKL vae = new AutoencoderKL(THREE_LEVELS);
        Map<String, NDArray> both = new LinkedHashMap<>();
        vae.namedShapes().forEach((name, shape) -> both.put(name, manager.ones(shape)));
        both.put("encoder.mid_block.attentions.0.query.weight", manager.ones(new Shape(8, 8)));

        assertThrows(IllegalArgumentException.class, () -> vae.loadPublished(both, manager));
    }

    @Test
    void leftoverOldNamesOutsideTheMidBlockAttentionAreNotRenamed() {
        AutoencoderKL vae = new AutoencoderKL(THREE_LEVELS);
        Map<String, NDArray> extra = new LinkedHashMap<>();
        vae.namedShapes().forEach((name, shape) -> extra.put(name, manager.ones(shape)));
        extra.put("encoder.down_blocks.0.query.weight", manager.ones(new Shape(4, 4)));

        assertThrows(StateDictMismatchException.class, () -> vae.loadPublished(extra, manager));
    }
}
