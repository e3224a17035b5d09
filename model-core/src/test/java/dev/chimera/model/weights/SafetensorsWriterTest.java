package dev.chimera.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** What the streaming writer writes, the reader reads back: every dtype, every shape, half precision by choice. */
class SafetensorsWriterTest {

    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private Path written(Map<String, NDArray> tensors) throws IOException {
        Path file = dir.resolve("tensors.safetensors");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            SafetensorsWriter.write(tensors, out);
        }
        return file;
    }

    private Map<String, NDArray> everyDtype() {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("f64", manager.create(new double[] {1.25, -1e300, 3}, new Shape(3)));
        tensors.put("f32", manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)));
        tensors.put("f16", manager.create(new float[] {1, -2, 65504, 0.5f}, new Shape(2, 2)).toType(DataType.FLOAT16,
                false));
        tensors.put("i64", manager.create(new long[] {Long.MIN_VALUE, 7, Long.MAX_VALUE}));
        tensors.put("i32", manager.create(new int[] {-3, 0, Integer.MAX_VALUE}, new Shape(3, 1)));
        tensors.put("i8", manager.create(ByteBuffer.wrap(new byte[] {-128, 0, 127}), new Shape(3), DataType.INT8));
        tensors.put("u8", manager.create(ByteBuffer.wrap(new byte[] {0, 1, (byte) 255}), new Shape(3), DataType.UINT8));
        tensors.put("bool", manager.create(new boolean[] {true, false, true}));
        tensors.put("scalar", manager.create(42L));
        tensors.put("empty", manager.zeros(new Shape(0, 3)));
        return tensors;
    }

    @Test
    void everyDtypeAndShapeReadsBackAsWrittenWhenHalfPrecisionIsKept() throws IOException {
        Map<String, NDArray> written = everyDtype();

        Map<String, NDArray> read = Checkpoints.read(written(written), manager, FloatWidening.KEEP);

        assertEquals(Set.of(DataType.FLOAT64, DataType.FLOAT32, DataType.FLOAT16, DataType.INT64, DataType.INT32,
                DataType.INT8, DataType.UINT8, DataType.BOOLEAN),
                written.values().stream().map(NDArray::getDataType).collect(Collectors.toSet()));
        assertEquals(List.copyOf(written.keySet()), List.copyOf(read.keySet()));
        written.forEach((name, tensor) -> {
            NDArray back = read.get(name);
            assertEquals(tensor.getDataType(), back.getDataType(), name);
            assertEquals(tensor.getShape(), back.getShape(), name);
            assertArrayEquals(tensor.toByteArray(), back.toByteArray(), name);
        });
    }

    @Test
    void float16IsWidenedExactlyToFloat32ByDefault() throws IOException {
        Map<String, NDArray> read = Checkpoints.read(written(everyDtype()), manager);

        assertEquals(DataType.FLOAT32, read.get("f16").getDataType());
        assertArrayEquals(new float[] {1, -2, 65504, 0.5f}, read.get("f16").toFloatArray());
        assertEquals(new Shape(2, 2), read.get("f16").getShape());
        assertEquals(DataType.INT64, read.get("i64").getDataType());
        assertEquals(DataType.FLOAT64, read.get("f64").getDataType());
    }

    @Test
    void theDataStartsEightByteAlignedAfterAHeaderPaddedWithSpaces() throws IOException {
        byte[] file = Files.readAllBytes(written(Map.of("t", manager.create(new float[] {1}))));
        long headerLength = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();

        assertEquals(0, (8 + headerLength) % 8);
        assertEquals(8 + headerLength + 4, file.length);
        assertTrue(new String(file, 8, (int) headerLength, StandardCharsets.UTF_8)
                .startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"t\":{\"dtype\":\"F32\""));
    }

    @Test
    void summariesStreamTheSumOfEveryDtype() throws IOException {
        Map<String, Double> sums = new LinkedHashMap<>();

        Checkpoints.summarize(written(everyDtype()), tensor -> sums.put(tensor.name(), tensor.sum()));

        assertEquals(Map.ofEntries(Map.entry("f64", 1.25 - 1e300 + 3), Map.entry("f32", 21.0),
                Map.entry("f16", 65503.5), Map.entry("i64", (double) Long.MIN_VALUE + 7 + (double) Long.MAX_VALUE),
                Map.entry("i32", (double) Integer.MAX_VALUE - 3), Map.entry("i8", -1.0), Map.entry("u8", 256.0),
                Map.entry("bool", 2.0), Map.entry("scalar", 42.0), Map.entry("empty", 0.0)), sums);
    }

    @Test
    void bfloat16IsWidenedToFloat32AndSummedButNeverKeptSinceTheEngineCannotHoldIt() throws IOException {
        byte[] header = "{\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,6]}}"
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        bytes.writeBytes(header);
        bytes.writeBytes(HandPickle.littleEndianShorts(0x3f80, 0xbf00, 0x4049));
        Path file = Files.write(dir.resolve("brain.safetensors"), bytes.toByteArray());
        List<TensorSummary> summaries = new ArrayList<>();

        NDArray widened = Checkpoints.read(file, manager).get("b");
        Checkpoints.summarize(file, summaries::add);

        assertEquals(DataType.FLOAT32, widened.getDataType());
        assertArrayEquals(new float[] {1, -0.5f, 3.140625f}, widened.toFloatArray());
        assertEquals(List.of(new TensorSummary("b", DataType.BFLOAT16, new Shape(3), 3.640625)), summaries);
        assertThrows(UnsupportedOperationException.class, () -> Checkpoints.read(file, manager, FloatWidening.KEEP));
    }
}
