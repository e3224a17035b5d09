package dev.chimera.worker.weights;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Reads a {@code .safetensors} file with DJL's own decoder ({@link NDList#decode}), after checking from the header
 * alone that the file holds all the bytes its header promises, so a truncated file fails with a clear message.
 */
final class SafetensorsCheckpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsCheckpoint() {
    }

    /** Whether {@code head} (the first 9 bytes of a file) looks like a safetensors header: a length, then '{'. */
    static boolean matches(byte[] head) {
        return head.length >= 9 && head[8] == '{';
    }

    static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        checkComplete(file);
        NDList list;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            list = NDList.decode(manager, in);
        } catch (RuntimeException e) {
            throw new CheckpointFormatException("cannot decode safetensors file " + file + ": " + e.getMessage(), e);
        }
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (NDArray array : list) {
            tensors.put(array.getName(), array);
        }
        return tensors;
    }

    private static void checkComplete(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (channel.read(lengthBytes, 0) < 8) {
                throw new CheckpointFormatException(file + " is too short for a safetensors header");
            }
            long headerLength = lengthBytes.getLong(0);
            if (headerLength < 2 || 8 + headerLength > size) {
                throw new CheckpointFormatException(file + ": safetensors header of " + headerLength
                        + " bytes does not fit in the file's " + size + " bytes (truncated?)");
            }
            ByteBuffer header = ByteBuffer.allocate(Math.toIntExact(headerLength));
            channel.read(header, 8);
            JsonNode entries = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
            long dataEnd = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
                JsonNode offsets = it.next().getValue().get("data_offsets");
                if (offsets != null) {
                    dataEnd = Math.max(dataEnd, offsets.get(1).asLong());
                }
            }
            if (8 + headerLength + dataEnd > size) {
                throw new CheckpointFormatException(file + ": the header promises " + dataEnd
                        + " bytes of tensor data but the file holds " + (size - 8 - headerLength) + " (truncated?)");
            }
        }
    }
}
