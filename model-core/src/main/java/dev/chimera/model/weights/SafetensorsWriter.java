package dev.chimera.model.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.djl.ndarray.NDArray;

/**
 * Writes named arrays as a safetensors file by streaming: the header first (padded with spaces so the data starts
 * 8-byte aligned, as the reference writer does), then each array's bytes straight from its memory, one array at a
 * time, so a file of any size never sits on the heap.
 */
public final class SafetensorsWriter {

    private SafetensorsWriter() {
    }

    /**
     * Writes {@code tensors} in map order to {@code out}, which the caller closes.
     *
     * @throws IllegalArgumentException if an array's type has no safetensors dtype here, or a name is reserved
     */
    public static void write(Map<String, NDArray> tensors, WritableByteChannel out) throws IOException {
        writeFully(out, header(tensors));
        for (Map.Entry<String, NDArray> tensor : tensors.entrySet()) {
            NDArray array = tensor.getValue();
            if (array.size() > 0) {
                // A direct view of the array's own memory on the CPU; its bytes are little-endian like the machine's.
                ByteBuffer data = array.toByteBuffer(true);
                long expected = array.size() * array.getDataType().getNumOfBytes();
                if (data.remaining() != expected) {
                    throw new IllegalStateException("tensor " + tensor.getKey() + " gave " + data.remaining()
                            + " bytes, expected " + expected);
                }
                writeFully(out, data);
            }
        }
    }

    private static ByteBuffer header(Map<String, NDArray> tensors) throws IOException {
        ObjectNode header = SafetensorsHeader.JSON_MAPPER.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, NDArray> tensor : tensors.entrySet()) {
            String name = tensor.getKey();
            NDArray array = tensor.getValue();
            if (header.has(name)) {
                throw new IllegalArgumentException("the tensor name " + name + " is reserved in safetensors");
            }
            SafetensorsDtype dtype = SafetensorsDtype.of(array.getDataType()).orElseThrow(() ->
                    new IllegalArgumentException("tensor " + name + " is " + array.getDataType()
                            + ", which has no safetensors dtype here"));
            long bytes = array.size() * dtype.width();
            ObjectNode entry = header.putObject(name);
            entry.put("dtype", dtype.name());
            ArrayNode shape = entry.putArray("shape");
            for (long dimension : array.getShape().getShape()) {
                shape.add(dimension);
            }
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = SafetensorsHeader.JSON_MAPPER.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer bytes = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(padded).put(json);
        while (bytes.hasRemaining()) {
            bytes.put((byte) ' ');
        }
        return bytes.flip();
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }
}
