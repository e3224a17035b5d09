package dev.chimera.model.sd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.types.Shape;

/** The SD 1.5 configurations declare the published files' tensors: names, count and parameter totals. */
class PublishedLayoutTest {

    private static long parameters(Map<String, Shape> shapes) {
        return shapes.values().stream().mapToLong(Shape::size).sum();
    }

    @Test
    void theSd15UnetHasThePublished686TensorsAnd859MillionParameters() {
        Map<String, Shape> shapes = new UNet2DConditionModel(SdUnetConfig.sd15()).namedShapes();

        assertEquals(686, shapes.size());
        assertEquals(859_520_964L, parameters(shapes));
        assertEquals(new Shape(320, 4, 3, 3), shapes.get("conv_in.weight"));
        assertEquals(new Shape(1280, 320), shapes.get("time_embedding.linear_1.weight"));
        assertEquals(new Shape(640, 768),
                shapes.get("up_blocks.2.attentions.2.transformer_blocks.0.attn2.to_k.weight"));
        assertEquals(new Shape(10240, 1280),
                shapes.get("mid_block.attentions.0.transformer_blocks.0.ff.net.0.proj.weight"));
        assertEquals(new Shape(320, 960, 1, 1), shapes.get("up_blocks.3.resnets.0.conv_shortcut.weight"));
        assertEquals(new Shape(1280, 1280, 3, 3), shapes.get("up_blocks.0.upsamplers.0.conv.weight"));
        assertTrue(shapes.containsKey("down_blocks.2.downsamplers.0.conv.bias"));
    }

    @Test
    void theSd15VaeHasThePublishedEncoderAndDecoderSizes() {
        Map<String, Shape> shapes = new AutoencoderKL(SdVaeConfig.sd15()).namedShapes();
        long encoder = shapes.entrySet().stream().filter(e -> e.getKey().startsWith("encoder."))
                .mapToLong(e -> e.getValue().size()).sum();

        assertEquals(83_653_863L, parameters(shapes));
        assertEquals(34_163_592L, encoder);
        assertEquals(new Shape(512, 512), shapes.get("decoder.mid_block.attentions.0.to_out.0.weight"));
    }
}
