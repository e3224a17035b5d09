package dev.chimera.model.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;

import ai.djl.ndarray.types.Shape;

/**
 * A float32 safetensors file with a module's tensor names and shapes that takes almost no disk: every tensor's
 * elements are zeros left as a hole, except its first element, which is its 1-based position in the file.
 */
public final class SparseUnetCheckpoint {

    private static final int FLOAT_BYTES = 4;

    private SparseUnetCheckpoint() {
    }

    /** The first element written for the tensor at {@code position} (0-based, in file order). */
    public static float firstElement(int position) {
        return position + 1;
    }

    /** Writes {@code shapes} in their order to {@code file} and returns the file. */
    public static Path write(Path file, Map<String, Shape> shapes) throws IOException {
        StringJoiner header = new StringJoiner(",", "{", "}");
        long[] begins = new long[shapes.size()];
        long offset = 0;
        int position = 0;
        for (Map.Entry<String, Shape> tensor : shapes.entrySet()) {
            long end = offset + tensor.getValue().size() * FLOAT_BYTES;
            header.add("\"" + tensor.getKey() + "\":{\"dtype\":\"F32\",\"shape\":"
                    + Arrays.toString(tensor.getValue().getShape()).replace(" ", "") + ",\"data_offsets\":[" + offset
                    + "," + end + "]}");
            begins[position++] = offset;
            offset = end;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        long dataStart = Long.BYTES + json.length;
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(0);
            out.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            out.write(json);
            for (int i = 0; i < begins.length; i++) {
                out.seek(dataStart + begins[i]);
                out.write(ByteBuffer.allocate(FLOAT_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                        .putFloat(firstElement(i)).array());
            }
            out.setLength(dataStart + offset);
        }
        return file;
    }
}
