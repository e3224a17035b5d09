package dev.chimera.model.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;


/**
 * The header of a safetensors file, checked against the file: a little-endian u64 length N (at least 2, at most the
 * reference implementation's 100 MB, within the file), then N bytes of one JSON object whose entries each give a
 * known dtype, a shape and {@code data_offsets} spanning exactly shape × width bytes inside the file. Offsets are
 * 64-bit; bytes between tensors are allowed and ignored.
 *
 * @param dataStart the file offset of the data section, which {@code data_offsets} count from
 * @param entries the tensors in header order, the optional {@code __metadata__} left out
 */
record SafetensorsHeader(long dataStart, List<Entry> entries) {

    /** The longest header the reference implementation accepts. */
    static final long MAX_LENGTH = 100_000_000;

    private static final String METADATA = "__metadata__";
    /** The one JSON mapper of safetensors headers, for reading and writing them. */
    static final ObjectMapper JSON_MAPPER = new ObjectMapper();

    private static final ObjectReader JSON = JSON_MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** One tensor's entry; {@code begin} and {@code end} count from {@link #dataStart}. */
    record Entry(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {
    }

    /**
     * Reads and checks the header of the file open on {@code channel}.
     *
     * @throws CheckpointFormatException naming {@code file} and the first thing that is wrong
     */
    static SafetensorsHeader read(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (size < 8 || channel.read(lengthBytes, 0) < 8) {
            throw new CheckpointFormatException(file + " is too short for a safetensors header (" + size + " bytes)");
        }
        long length = lengthBytes.getLong(0);
        if (length < 2 || length > MAX_LENGTH) {
            throw new CheckpointFormatException(file + " declares a safetensors header of "
                    + Long.toUnsignedString(length) + " bytes, outside 2.." + MAX_LENGTH);
        }
        if (8 + length > size) {
            throw new CheckpointFormatException(file + ": its safetensors header of " + length
                    + " bytes does not fit in the file's " + size + " bytes (truncated?)");
        }
        ByteBuffer text = ByteBuffer.allocate((int) length);
        while (text.hasRemaining()) {
            if (channel.read(text, 8 + text.position()) < 0) {
                throw new CheckpointFormatException(file + " shrank while its safetensors header was read");
            }
        }
        if (text.get(0) != '{') {
            throw new CheckpointFormatException(file + ": its safetensors header does not start with '{'");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text.array());
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(file + ": its safetensors header is not JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (!root.isObject()) {
            throw new CheckpointFormatException(file + ": its safetensors header is not a JSON object");
        }
        return new SafetensorsHeader(8 + length, entries(root, 8 + length, size, file));
    }

    private static List<Entry> entries(JsonNode root, long dataStart, long size, Path file)
            throws CheckpointFormatException {
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA)) {
                if (!field.getValue().isObject()) {
                    throw new CheckpointFormatException(file + ": its safetensors " + METADATA + " is not an object");
                }
            } else {
                Entry entry = entry(field.getKey(), field.getValue(), file);
                if (entry.end() > size - dataStart) {
                    throw new CheckpointFormatException(file + ": tensor " + entry.name() + " ends at byte "
                            + (dataStart + entry.end()) + " but the file holds " + size + " (truncated?)");
                }
                entries.add(entry);
            }
        }
        return entries;
    }

    private static Entry entry(String name, JsonNode node, Path file) throws CheckpointFormatException {
        String where = file + ": tensor " + name;
        SafetensorsDtype dtype = SafetensorsDtype.named(node.path("dtype").asText())
                .orElseThrow(() -> new CheckpointFormatException(where + " has dtype " + node.get("dtype")
                        + ", not one of F64, F32, F16, BF16, I64, I32, I8, U8, BOOL"));
        long[] shape = naturals(node.get("shape"), -1, where + " has no shape of non-negative integers");
        long[] offsets = naturals(node.get("data_offsets"), 2, where + " has no data_offsets [begin, end]");
        long bytes;
        try {
            long elements = 1;
            for (long dimension : shape) {
                elements = Math.multiplyExact(elements, dimension);
            }
            bytes = Math.multiplyExact(elements, (long) dtype.width());
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(where + " has a shape too large to address", e);
        }
        if (offsets[1] - offsets[0] != bytes) {
            throw new CheckpointFormatException(where + " spans bytes " + offsets[0] + ".." + offsets[1] + " but its "
                    + dtype + " shape " + Arrays.toString(shape) + " takes " + bytes + " bytes");
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** The array's integers, all of them non-negative and {@code length} of them (any number when negative). */
    private static long[] naturals(JsonNode array, int length, String complaint) throws CheckpointFormatException {
        if (array == null || !array.isArray() || (length >= 0 && array.size() != length)) {
            throw new CheckpointFormatException(complaint);
        }
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = array.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
                throw new CheckpointFormatException(complaint);
            }
            values[i] = value.asLong();
        }
        if (length == 2 && values[0] > values[1]) {
            throw new CheckpointFormatException(complaint);
        }
        return values;
    }
}
