package dev.chimera.model.weights;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A safetensors file of 2.5 GiB that takes a few kilobytes of disk: a small first tensor, 2.5 GiB of zeros left as a
 * hole, and a small last tensor starting past 2^31. The hole is either a tensor of its own or unnamed bytes.
 */
public final class SparseSafetensors {

    /** The float32 elements of the hole: 2.5 GiB. */
    public static final long HOLE_ELEMENTS = 640L * 1024 * 1024;
    public static final float[] FIRST = {1, 2, 3, 4};
    public static final float[] LAST = {0.5f, 1.5f, 2.25f};

    private SparseSafetensors() {
    }

    /** Writes the file; with {@code holeIsATensor} the zeros are the tensor {@code hole} of shape [640, 1024, 1024]. */
    public static Path write(Path file, boolean holeIsATensor) throws IOException {
        long firstEnd = FIRST.length * 4L;
        long lastBegin = firstEnd + HOLE_ELEMENTS * 4;
        String header = "{\"first\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0," + firstEnd + "]},"
                + (holeIsATensor ? "\"hole\":{\"dtype\":\"F32\",\"shape\":[640,1024,1024],\"data_offsets\":["
                        + firstEnd + "," + lastBegin + "]}," : "")
                + "\"last\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[" + lastBegin + ","
                + (lastBegin + LAST.length * 4L) + "]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(0);
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            out.write(json);
            out.write(HandPickle.littleEndianFloats(FIRST));
            out.seek(8 + json.length + lastBegin);
            out.write(HandPickle.littleEndianFloats(LAST));
        }
        return file;
    }
}
