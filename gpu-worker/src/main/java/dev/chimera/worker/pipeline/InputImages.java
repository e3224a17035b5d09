package dev.chimera.worker.pipeline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.chimera.contract.FailureCode;
import dev.chimera.model.imaging.ImageCodec;
import dev.chimera.model.imaging.UnreadableImageException;

/** Decodes a job's input images by role, turning a missing or undecodable image into the job's failure. */
public final class InputImages {

    private final Map<String, byte[]> inputs;

    /** The images of a job by role name, as uploaded. */
    public InputImages(Map<String, byte[]> inputs) {
        this.inputs = inputs;
    }

    boolean has(String role) {
        return inputs.containsKey(role);
    }

    /** The size the image's header declares, read without decoding a pixel, for the memory estimate. */
    PixelSize size(String role) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes(role)))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new PipelineFailure(FailureCode.UNREADABLE_INPUT, "the " + role
                        + " image is in no format the worker reads");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new PixelSize(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new PipelineFailure(FailureCode.UNREADABLE_INPUT, "the " + role + " image's header cannot be read");
        }
    }

    /** The picture as 1×3×H×W in [0, 1]. */
    NDArray rgb(String role, NDManager manager) {
        try {
            return ImageCodec.decodeRgb(bytes(role), manager);
        } catch (UnreadableImageException e) {
            throw unreadable(role, e);
        }
    }

    /** The label map as 1×1×H×W int64 class indices. */
    NDArray labelMap(String role, NDManager manager) {
        try {
            return ImageCodec.decodeLabelMap(bytes(role), manager);
        } catch (UnreadableImageException e) {
            throw unreadable(role, e);
        }
    }

    /** The SHA-256 of the image as uploaded, in hex: the identity of its content. */
    String sha256(String role) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(role)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** [0, 1] to the networks' [-1, 1]. */
    static NDArray toSignedRange(NDArray unit) {
        return unit.mul(2f).sub(1f);
    }

    private byte[] bytes(String role) {
        byte[] bytes = inputs.get(role);
        if (bytes == null) {
            throw new PipelineFailure(FailureCode.INPUT_MISSING, "the job has no " + role + " image");
        }
        return bytes;
    }

    private static PipelineFailure unreadable(String role, UnreadableImageException e) {
        return new PipelineFailure(FailureCode.UNREADABLE_INPUT, "the " + role + " image cannot be decoded: "
                + e.getMessage());
    }
}
