package dev.chimera.model.imaging;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import ai.djl.ndarray.NDArray;

/**
 * Frames to a looping animated GIF, written by ImageIO's GIF writer (which reduces each frame to its own 256-colour
 * palette) with a NETSCAPE2.0 application extension that makes viewers loop for ever.
 */
public final class AnimatedGif {

    private static final String FORMAT = "javax_imageio_gif_image_1.0";
    private static final long MAX_DELAY_CENTISECONDS = 0xFFFF;

    private AnimatedGif() {
    }

    /**
     * Encodes the frames (each 3×H×W or 1×3×H×W in [0, 1], all the same size) as one GIF that shows each for
     * {@code frameDelay}, rounded to the GIF's unit of 10 ms, and loops.
     */
    public static byte[] encode(List<NDArray> frames, Duration frameDelay) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        int delay = centiseconds(frameDelay);
        List<RgbPixels> pixels = frames.stream().map(RgbPixels::of).toList();
        RgbPixels first = pixels.get(0);
        for (RgbPixels frame : pixels) {
            if (frame.height() != first.height() || frame.width() != first.width()) {
                throw new IllegalArgumentException("every frame must be " + first.height() + "x" + first.width()
                        + ", found " + frame.height() + "x" + frame.width());
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < pixels.size(); i++) {
                BufferedImage image = pixels.get(i).toImage();
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata metadata = writer.getDefaultImageMetadata(
                        ImageTypeSpecifier.createFromRenderedImage(image), param);
                describeFrame(metadata, delay, i == 0);
                writer.writeToSequence(new IIOImage(image, null, metadata), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a GIF in memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Sets the frame's delay, and on the first frame the loop-for-ever extension. */
    private static void describeFrame(IIOMetadata metadata, int delay, boolean first)
            throws IIOInvalidTreeException {
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delay));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            // Sub-block 1 holds the loop count, little-endian; 0 means for ever.
            loop.setUserObject(new byte[] {1, 0, 0});
            child(root, "ApplicationExtensions").appendChild(loop);
        }
        metadata.setFromTree(FORMAT, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (int i = 0; i < parent.getLength(); i++) {
            if (parent.item(i).getNodeName().equals(name)) {
                return (IIOMetadataNode) parent.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        parent.appendChild(node);
        return node;
    }

    private static int centiseconds(Duration delay) {
        long centiseconds = Math.round(delay.toMillis() / 10.0);
        if (centiseconds < 1 || centiseconds > MAX_DELAY_CENTISECONDS) {
            throw new IllegalArgumentException("a GIF frame delay must be within 10 ms and 655.35 s, was " + delay);
        }
        return (int) centiseconds;
    }
}
