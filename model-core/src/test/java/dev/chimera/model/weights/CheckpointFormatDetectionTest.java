package dev.chimera.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Each checkpoint format is known by its whole signature; every way a safetensors header can be wrong is named. */
class CheckpointFormatDetectionTest {

    private static final String ONE_TENSOR = "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    private static final byte[] TWO_FLOATS = HandPickle.littleEndianFloats(1.5f, -2f);

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

    /** A safetensors file: the declared header length, the header padded with spaces to it, then the data. */
    private static byte[] safetensors(long declaredLength, String header, int paddedTo, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(declaredLength).array());
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(" ".repeat(paddedTo - header.length()).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        return out.toByteArray();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private String refusal(Path file) {
        return assertThrows(CheckpointFormatException.class, () -> Checkpoints.read(file, manager)).getMessage();
    }

    @Test
    void aSafetensorsFileLoadsWhateverTheLowByteOfItsHeaderLength() throws IOException {
        for (int low = 0; low < 256; low++) {
            int length = 256 + low;
            Path file = file("low-" + low + ".safetensors", safetensors(length, ONE_TENSOR, length, TWO_FLOATS));

            Map<String, NDArray> read = Checkpoints.read(file, manager);

            assertArrayEquals(new float[] {1.5f, -2f}, read.get("t").toFloatArray(), "header length " + length);
            assertEquals(low, Files.readAllBytes(file)[0] & 0xff);
        }
    }

    @Test
    void theSmallestHeaderAndAHeaderReachingTheEndOfTheFileAreAccepted() throws IOException {
        Path empty = file("empty.safetensors", safetensors(2, "{}", 2, new byte[0]));
        Path metadataOnly = file("metadata.safetensors",
                safetensors(40, "{\"__metadata__\":{\"format\":\"pt\"}}", 40, new byte[0]));

        assertTrue(Checkpoints.read(empty, manager).isEmpty());
        assertTrue(Checkpoints.read(metadataOnly, manager).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            header length 1 | 1 | {} | 8 | declares a safetensors header of 1 bytes, outside 2..100000000
            header length over the cap | 100000001 | {} | 8 | declares a safetensors header of 100000001 bytes
            header length past the end | 4096 | {} | 8 | safetensors header of 4096 bytes does not fit in the file's 24 bytes (truncated?)
            header not JSON | 8 | {t: 1} | 8 | safetensors header is not JSON
            JSON after the object | 16 | {} {} | 16 | safetensors header is not JSON
            a name given twice | 128 | {"t":{"dtype":"U8","shape":[],"data_offsets":[0,1]},"t":{}} | 128 | safetensors header is not JSON
            metadata not an object | 32 | {"__metadata__":1} | 32 | __metadata__ is not an object
            an unknown dtype | 64 | {"t":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}} | 64 | tensor t has dtype "F8_E4M3"
            a negative dimension | 64 | {"t":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}} | 64 | tensor t has no shape of non-negative integers
            a fractional dimension | 64 | {"t":{"dtype":"U8","shape":[1.5],"data_offsets":[0,1]}} | 64 | tensor t has no shape of non-negative integers
            no data offsets | 64 | {"t":{"dtype":"U8","shape":[1]}} | 64 | tensor t has no data_offsets [begin, end]
            offsets the wrong way | 64 | {"t":{"dtype":"U8","shape":[0],"data_offsets":[1,0]}} | 64 | tensor t has no data_offsets [begin, end]
            offsets not the shape | 64 | {"t":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}} | 64 | tensor t spans bytes 0..4 but its F32 shape [2] takes 8 bytes
            offsets outside the file | 64 | {"t":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}} | 64 | tensor t ends at byte 88 but the file holds 80 (truncated?)
            a shape too large | 128 | {"t":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}} | 128 | tensor t has a shape too large to address
            """)
    void aMalformedSafetensorsHeaderIsRefusedSayingWhatIsWrong(String name, long declared, String header, int padded,
            String complaint) throws IOException {
        Path file = file("bad.safetensors", safetensors(declared, header, padded, TWO_FLOATS));

        String message = refusal(file);

        assertTrue(message.startsWith(file.toString()), message);
        assertTrue(message.contains(complaint), message);
    }

    @Test
    void aHeaderNotStartingWithABraceIsNotTakenForSafetensors() throws IOException {
        Path file = file("bracket.safetensors", safetensors(8, "[]", 8, TWO_FLOATS));

        assertTrue(refusal(file).contains(file + " is not a checkpoint: neither safetensors"), refusal(file));
    }

    @Test
    void aZipLocalHeaderIsATorchZipCheckpoint() throws IOException {
        Path zip = HandPickle.zipCheckpoint(dir.resolve("model.pth"), new HandPickle().proto2().emptyDict().stop()
                .toBytes(), Map.of());

        assertEquals(CheckpointFormat.TORCH_ZIP, CheckpointFormat.of(zip));
    }

    @Test
    void theLegacyMagicNumberPickleMarksALegacyCheckpointUnderEveryPickleProtocolTorchWrites() throws IOException {
        byte[] magic = {(byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8,
            0x50, 0x19, '.'};
        for (int protocol = 2; protocol <= 5; protocol++) {
            Path plain = file("legacy-" + protocol + ".pth", new HandPickle().bytes(0x80, protocol).raw(magic)
                    .toBytes());
            assertEquals(CheckpointFormat.TORCH_LEGACY, CheckpointFormat.of(plain), "protocol " + protocol);
        }
        Path framed = file("legacy-framed.pth", new HandPickle().bytes(0x80, 4, 0x95, 13, 0, 0, 0, 0, 0, 0, 0)
                .raw(magic).toBytes());
        assertEquals(CheckpointFormat.TORCH_LEGACY, CheckpointFormat.of(framed));
    }

    @Test
    void aPickleOfAnotherProtocolOrNumberIsNotALegacyCheckpoint() throws IOException {
        byte[] otherNumber = {(byte) 0x8a, 10, 0x6d, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a,
            (byte) 0xa8, 0x50, 0x19, '.'};
        List<byte[]> lookalikes = List.of(
                new HandPickle().bytes(0x80, 2).raw(otherNumber).toBytes(),
                new HandPickle().bytes(0x80, 1, 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, 0xf9, 0x20, 0x6a,
                        0xa8, 0x50, 0x19, '.').toBytes(),
                new HandPickle().bytes(0x80, 2, 'K', 1, '.').toBytes(),
                new HandPickle().bytes(0x80).toBytes());
        for (byte[] lookalike : lookalikes) {
            Path file = file("lookalike.pkl", lookalike);

            assertTrue(refusal(file).contains(file + " is not a checkpoint: a pickle, but not one starting with"
                    + " torch.save's legacy magic number"), refusal(file));
        }
    }

    @Test
    void anEmptyOrUnknownFileIsRefusedNamingWhatItStartsWith() throws IOException {
        Path empty = file("empty.bin", new byte[0]);
        Path text = file("notes.txt", "not a checkpoint at all".getBytes(StandardCharsets.US_ASCII));

        assertTrue(refusal(empty).contains(empty + " is not a checkpoint: neither safetensors (a header length, then"
                + " '{'), a zip archive, nor a legacy torch.save pickle (it is empty"), refusal(empty));
        assertTrue(refusal(text).contains("it starts with 6e 6f 74 20 61 20 63 68 65 63 6b 70 6f 69 6e 74, 23 bytes"),
                refusal(text));
    }
}
