package dev.chimera.model.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

class AnimatedGifTest {

    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private final NDManager manager = NDManager.newBaseManager("PyTorch");

    @AfterEach
    void close() {
        manager.close();
    }

    /** A frame of one colour. */
    private NDArray frame(float red, float green, float blue) {
        NDArray frame = manager.zeros(new Shape(1, 3, 6, 8));
        frame.set(new NDIndex("0, 0"), red);
        frame.set(new NDIndex("0, 1"), green);
        frame.set(new NDIndex("0, 2"), blue);
        return frame;
    }

    @Test
    void everyFrameIsWrittenWithItsDelayAndTheAnimationLoopsForEver() throws IOException {
        List<NDArray> frames = List.of(frame(1, 0, 0), frame(0, 1, 0), frame(0, 0, 1), frame(1, 1, 1));
        byte[] gif = AnimatedGif.encode(frames, Duration.ofMillis(120));

        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            reader.setInput(input);
            assertEquals(4, reader.getNumImages(true));
            for (int i = 0; i < 4; i++) {
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree(FORMAT);
                assertEquals("12", child(root, "GraphicControlExtension").getAttribute("delayTime"));
            }
            IIOMetadataNode loop = child(child((IIOMetadataNode) reader.getImageMetadata(0).getAsTree(FORMAT),
                    "ApplicationExtensions"), "ApplicationExtension");
            assertEquals("NETSCAPE", loop.getAttribute("applicationID"));
            assertEquals("2.0", loop.getAttribute("authenticationCode"));
            assertArrayEquals(new byte[] {1, 0, 0}, (byte[]) loop.getUserObject());

            BufferedImage third = reader.read(2);
            assertEquals(8, third.getWidth());
            assertEquals(6, third.getHeight());
            assertEquals(0x0000FF, third.getRGB(3, 3) & 0xFFFFFF);
        } finally {
            reader.dispose();
        }
    }

    @Test
    void anAnimationNeedsFramesOfOneSizeAndADelayAGifCanHold() {
        assertThrows(IllegalArgumentException.class, () -> AnimatedGif.encode(List.of(), Duration.ofMillis(100)));
        assertThrows(IllegalArgumentException.class, () -> AnimatedGif.encode(
                List.of(frame(0, 0, 0), manager.zeros(new Shape(3, 6, 9))), Duration.ofMillis(100)));
        assertThrows(IllegalArgumentException.class,
                () -> AnimatedGif.encode(List.of(frame(0, 0, 0)), Duration.ofMillis(4)));
        assertThrows(IllegalArgumentException.class,
                () -> AnimatedGif.encode(List.of(frame(0, 0, 0)), Duration.ofSeconds(700)));
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node.getNodeName().equals(name)) {
                return (IIOMetadataNode) node;
            }
        }
        throw new AssertionError("no " + name + " under " + parent.getNodeName());
    }
}
