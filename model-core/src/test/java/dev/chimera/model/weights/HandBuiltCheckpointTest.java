package dev.chimera.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Checkpoint features the golden files do not exercise, written by hand opcode by opcode. */
class HandBuiltCheckpointTest {

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

    private static HandPickle stateDict() {
        return new HandPickle().proto2().global("collections", "OrderedDict").emptyTuple().reduce().mark();
    }

    private static byte[] endStateDictWithMetadata(HandPickle pickle) {
        pickle.setItems();
        pickle.emptyDict().string("_metadata").global("collections", "OrderedDict").emptyTuple().reduce().setItemsOf1();
        return pickle.build().stop().toBytes();
    }

    @Test
    void viewsOfOneSharedStorageKeepTheirOffsetsAndStrides() throws IOException {
        float[] storage = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        HandPickle pickle = stateDict()
                .string("matrix").tensor("FloatStorage", "0", 12, 0, new long[] {3, 4}, new long[] {4, 1})
                .string("transposed").tensor("FloatStorage", "0", 12, 0, new long[] {4, 3}, new long[] {1, 4})
                .string("row").tensor("FloatStorage", "0", 12, 4, new long[] {4}, new long[] {1})
                .string("strided").tensor("FloatStorage", "0", 12, 1, new long[] {2, 2}, new long[] {4, 2})
                .string("broadcast").tensor("FloatStorage", "0", 12, 11, new long[] {2, 3}, new long[] {0, 0});
        Path file = HandPickle.zipCheckpoint(dir.resolve("views.pth"), endStateDictWithMetadata(pickle),
                Map.of("0", HandPickle.littleEndianFloats(storage)));

        Map<String, NDArray> read = Checkpoints.read(file, manager);

        assertEquals(List.of("matrix", "transposed", "row", "strided", "broadcast"), List.copyOf(read.keySet()));
        assertArrayEquals(storage, read.get("matrix").toFloatArray());
        assertEquals(new Shape(4, 3), read.get("transposed").getShape());
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, read.get("transposed").toFloatArray());
        assertArrayEquals(new float[] {4, 5, 6, 7}, read.get("row").toFloatArray());
        assertArrayEquals(new float[] {1, 3, 5, 7}, read.get("strided").toFloatArray());
        assertArrayEquals(new float[] {11, 11, 11, 11, 11, 11}, read.get("broadcast").toFloatArray());
    }

    @Test
    void halfAndBfloat16StoragesAreWidenedExactlyToFloat32() throws IOException {
        HandPickle pickle = stateDict()
                .string("half").tensor("HalfStorage", "h", 5, 0, new long[] {5}, new long[] {1})
                .string("brain").tensor("BFloat16Storage", "b", 3, 0, new long[] {3}, new long[] {1});
        byte[] halves = HandPickle.littleEndianShorts(0x3c00, 0xc000, 0x7bff, 0x0001, 0x3555);
        byte[] brains = HandPickle.littleEndianShorts(0x3f80, 0xbf00, 0x4049);
        Path file = HandPickle.zipCheckpoint(dir.resolve("half.pth"), endStateDictWithMetadata(pickle),
                Map.of("h", halves, "b", brains));

        Map<String, NDArray> read = Checkpoints.read(file, manager);

        assertEquals(DataType.FLOAT32, read.get("half").getDataType());
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f, 0.333251953125f}, read.get("half").toFloatArray());
        assertEquals(DataType.FLOAT32, read.get("brain").getDataType());
        assertArrayEquals(new float[] {1f, -0.5f, 3.140625f}, read.get("brain").toFloatArray());
    }

    @Test
    void halfStoragesAreKeptAsStoredWhenAskedWhileBfloat16IsRefusedRatherThanCrashingTheEngine() throws IOException {
        Path half = HandPickle.zipCheckpoint(dir.resolve("half.pth"), endStateDictWithMetadata(stateDict()
                .string("half").tensor("HalfStorage", "h", 2, 0, new long[] {2}, new long[] {1})),
                Map.of("h", HandPickle.littleEndianShorts(0x3c00, 0xc000)));
        Path brain = HandPickle.zipCheckpoint(dir.resolve("brain.pth"), endStateDictWithMetadata(stateDict()
                .string("brain").tensor("BFloat16Storage", "b", 2, 0, new long[] {2}, new long[] {1})),
                Map.of("b", HandPickle.littleEndianShorts(0x3f80, 0xbf00)));

        NDArray kept = Checkpoints.read(half, manager, FloatWidening.KEEP).get("half");
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                () -> Checkpoints.read(brain, manager, FloatWidening.KEEP));

        assertEquals(DataType.FLOAT16, kept.getDataType());
        assertArrayEquals(new float[] {1f, -2f}, kept.toType(DataType.FLOAT32, false).toFloatArray());
        assertTrue(refused.getMessage().contains("tensor brain of " + brain + " is bfloat16"), refused.getMessage());
    }

    @Test
    void legacyFormatResolvesStorageViewsByTheirElementOffset() throws IOException {
        HandPickle main = new HandPickle().proto2().emptyDict().mark()
                .string("whole").global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().string("storage").global("torch", "FloatStorage").string("140").string("cpu").integer(6)
                .none().tuple().persistentId()
                .integer(0).ints(2, 3).ints(3, 1).falseValue()
                .global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce()
                .string("tail").global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().string("storage").global("torch", "FloatStorage").string("140").string("cpu").integer(6)
                .mark().string("141").integer(4).integer(2).tuple().tuple().persistentId()
                .integer(0).ints(2).ints(1).falseValue()
                .global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce()
                .string("step").integer(7)
                .setItems().stop();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(legacyMagicNumber());
        file.writeBytes(new HandPickle().proto2().integer(1001).stop().toBytes());
        file.writeBytes(new HandPickle().proto2().emptyDict().string("little_endian").trueValue().setItemsOf1()
                .stop().toBytes());
        file.writeBytes(main.toBytes());
        file.writeBytes(new HandPickle().proto2().emptyList().mark().string("140").appends().stop().toBytes());
        file.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(6).array());
        file.writeBytes(HandPickle.littleEndianFloats(10, 11, 12, 13, 14, 15));
        Path path = Files.write(dir.resolve("legacy.pth"), file.toByteArray());

        Map<String, NDArray> read = Checkpoints.read(path, manager);

        assertEquals(List.of("whole", "tail"), List.copyOf(read.keySet()));
        assertArrayEquals(new float[] {10, 11, 12, 13, 14, 15}, read.get("whole").toFloatArray());
        assertArrayEquals(new float[] {14, 15}, read.get("tail").toFloatArray());
    }

    @Test
    void aForbiddenGlobalIsRefusedByNameBeforeAnythingRuns() throws IOException {
        byte[] malicious = new HandPickle().text("cos\nsystem\n(S'touch /tmp/pwned'\ntR.").toBytes();
        Path zip = HandPickle.zipCheckpoint(dir.resolve("evil.pth"), malicious, Map.of());
        ByteArrayOutputStream legacyBytes = new ByteArrayOutputStream();
        legacyBytes.writeBytes(legacyMagicNumber());
        legacyBytes.writeBytes(new HandPickle().proto2().raw(malicious).toBytes());
        Path legacy = Files.write(dir.resolve("evil-legacy.pth"), legacyBytes.toByteArray());

        for (Path file : List.of(zip, legacy)) {
            UnsupportedPickleGlobalException refused = assertThrows(UnsupportedPickleGlobalException.class,
                    () -> Checkpoints.read(file, manager));
            assertEquals("os.system", refused.global());
            assertTrue(refused.getMessage().contains("os.system"), refused.getMessage());
        }
    }

    @Test
    void aPickleWithoutTheLegacyMagicNumberIsRefusedAsNoCheckpointBeforeAnythingRuns() throws IOException {
        byte[] malicious = new HandPickle().proto2().text("cos\nsystem\n(S'touch /tmp/pwned'\ntR.").toBytes();
        Path file = Files.write(dir.resolve("evil.pkl"), malicious);

        CheckpointFormatException refused = assertThrows(CheckpointFormatException.class,
                () -> Checkpoints.read(file, manager));
        assertTrue(refused.getMessage().contains(file + " is not a checkpoint: a pickle, but not one starting with"
                + " torch.save's legacy magic number"), refused.getMessage());
    }

    @Test
    void aTorchGlobalThatIsNotAStorageTypeIsRefusedToo() {
        byte[] pickle = new HandPickle().proto2().global("torch", "load").mark().string("x.pth").tuple().reduce()
                .stop().toBytes();
        Path file = HandPickle.zipCheckpoint(dir.resolve("load.pth"), pickle, Map.of());

        UnsupportedPickleGlobalException refused = assertThrows(UnsupportedPickleGlobalException.class,
                () -> Checkpoints.read(file, manager));
        assertEquals("torch.load", refused.global());
    }

    @Test
    void objectStateOutsideADictIsRefused() {
        byte[] pickle = stateDict().string("t")
                .tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1})
                .emptyDict().build().setItems().stop().toBytes();
        Path file = HandPickle.zipCheckpoint(dir.resolve("state.pth"), pickle,
                Map.of("0", HandPickle.littleEndianFloats(1)));

        CheckpointFormatException refused = assertThrows(CheckpointFormatException.class,
                () -> Checkpoints.read(file, manager));
        assertTrue(refused.getMessage().contains("refusing to set state"), refused.getMessage());
    }

    @Test
    void aViewReachingPastItsStorageNamesTheTensor() {
        byte[] pickle = endStateDictWithMetadata(stateDict().string("too.long")
                .tensor("FloatStorage", "0", 2, 1, new long[] {2}, new long[] {1}));
        Path file = HandPickle.zipCheckpoint(dir.resolve("past.pth"), pickle,
                Map.of("0", HandPickle.littleEndianFloats(1, 2)));

        CheckpointFormatException refused = assertThrows(CheckpointFormatException.class,
                () -> Checkpoints.read(file, manager));
        assertTrue(refused.getMessage().contains("too.long"), refused.getMessage());
    }

    @Test
    void anEmptyTensorIsReadWithItsShape() throws IOException {
        byte[] pickle = endStateDictWithMetadata(stateDict().string("empty")
                .tensor("LongStorage", "0", 0, 0, new long[] {0, 3}, new long[] {3, 1}));
        Path file = HandPickle.zipCheckpoint(dir.resolve("empty.pth"), pickle, Map.of("0", new byte[0]));

        NDArray empty = Checkpoints.read(file, manager).get("empty");

        assertEquals(new Shape(0, 3), empty.getShape());
        assertEquals(DataType.INT64, empty.getDataType());
    }

    @Test
    void truncatedFilesOfEveryFormatFailWithAClearError() throws IOException {
        Path golden = Path.of(System.getProperty("chimera.golden.dir"), "crossbreed-generator");
        for (String name : List.of("weights.pth", "weights-legacy.pth", "weights.safetensors")) {
            byte[] whole = Files.readAllBytes(golden.resolve(name));
            for (int keep : new int[] {whole.length / 2, whole.length - 1, 200}) {
                Path cut = Files.write(dir.resolve("cut-" + keep + "-" + name), Arrays.copyOf(whole, keep));

                CheckpointFormatException error = assertThrows(CheckpointFormatException.class,
                        () -> Checkpoints.read(cut, manager), name + " cut at " + keep);
                assertTrue(error.getMessage().contains(cut.toString()), error.getMessage());
            }
        }
    }

    @Test
    void aFileOfNoKnownFormatIsRejected() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a checkpoint at all");

        assertThrows(CheckpointFormatException.class, () -> Checkpoints.read(file, manager));
    }

    @Test
    void prefixSelectionStripsThePrefixAndKeepsOrder() {
        Map<String, NDArray> all = new LinkedHashMap<>();
        all.put("vit.blocks.0.w", manager.create(1f));
        all.put("1.0.weight", manager.create(2f));
        all.put("vit.norm.b", manager.create(3f));

        assertEquals(List.of("blocks.0.w", "norm.b"), List.copyOf(Checkpoints.withPrefix(all, "vit.").keySet()));
        assertEquals(List.of("1.0.weight"), List.copyOf(Checkpoints.withoutPrefix(all, "vit.").keySet()));
    }

    /** The first pickle of a legacy torch.save file: its magic number as a LONG1. */
    private static byte[] legacyMagicNumber() {
        return new HandPickle().proto2().bytes(0x8a, 10)
                .raw(littleEndian(new BigInteger("1950a86a20f9469cfc6c", 16), 10)).stop().toBytes();
    }

    private static byte[] littleEndian(BigInteger value, int length) {
        byte[] bigEndian = value.toByteArray();
        byte[] out = new byte[length];
        for (int i = 0; i < length && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }
}
