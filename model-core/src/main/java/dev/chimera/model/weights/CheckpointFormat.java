package dev.chimera.model.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The checkpoint formats, each told apart by its whole signature, never by one byte or the file's name: safetensors
 * by a header length, '{' and a header that checks out against the file; a {@code torch.save} zip by a zip local
 * file header; a legacy {@code torch.save} file by the pickled magic number it starts with.
 */
enum CheckpointFormat {
    SAFETENSORS,
    TORCH_ZIP,
    TORCH_LEGACY;

    private static final byte[] ZIP_LOCAL_HEADER = {'P', 'K', 3, 4};
    private static final int PICKLE_PROTO = 0x80;
    private static final int PICKLE_FRAME = 0x95;
    /** LONG1 of 10 bytes holding 0x1950a86a20f9469cfc6c little-endian, then STOP: the body of the first pickle. */
    private static final byte[] LEGACY_MAGIC = {(byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9,
        0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, '.'};
    private static final int HEAD_BYTES = 32;

    /**
     * The format of {@code file}.
     *
     * @throws CheckpointFormatException naming the file and what it looked like, if it is of none of them or looks
     *     like safetensors but its header does not fit the file
     */
    static CheckpointFormat of(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer headBuffer = ByteBuffer.allocate(HEAD_BYTES);
            int read = 0;
            while (headBuffer.hasRemaining() && read >= 0) {
                read = channel.read(headBuffer, headBuffer.position());
            }
            byte[] head = Arrays.copyOf(headBuffer.array(), headBuffer.position());
            if (head.length > 8 && head[8] == '{') {
                // No zip or legacy file has '{' at byte 8: it is a zip's compression method, a legacy magic byte.
                SafetensorsHeader.read(channel, file);
                return SAFETENSORS;
            }
            if (startsWith(head, 0, ZIP_LOCAL_HEADER)) {
                return TORCH_ZIP;
            }
            if (isLegacyMagicPickle(head)) {
                return TORCH_LEGACY;
            }
            throw new CheckpointFormatException(file + " is not a checkpoint: " + lookalike(head, channel.size()));
        }
    }

    /** Hands every tensor of {@code file}, which is of this format, to {@code visitor} in file order. */
    void forEachTensor(Path file, StoredTensor.Visitor visitor) throws IOException {
        switch (this) {
            case SAFETENSORS -> SafetensorsCheckpoint.forEachTensor(file, visitor);
            case TORCH_ZIP -> TorchZipCheckpoint.forEachTensor(file, visitor);
            case TORCH_LEGACY -> TorchLegacyCheckpoint.forEachTensor(file, visitor);
        }
    }

    /** PROTO 2..5, for protocol 4 and later an optional FRAME of 8 length bytes, then the magic number pickle. */
    private static boolean isLegacyMagicPickle(byte[] head) {
        if (head.length < 2 || (head[0] & 0xff) != PICKLE_PROTO || head[1] < 2 || head[1] > 5) {
            return false;
        }
        int body = head[1] >= 4 && head.length > 2 && (head[2] & 0xff) == PICKLE_FRAME ? 11 : 2;
        return startsWith(head, body, LEGACY_MAGIC);
    }

    private static boolean startsWith(byte[] head, int offset, byte[] expected) {
        return head.length >= offset + expected.length
                && Arrays.equals(head, offset, offset + expected.length, expected, 0, expected.length);
    }

    private static String lookalike(byte[] head, long size) {
        String start = size == 0 ? "it is empty"
                : "it starts with " + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(head.length, 16));
        if (head.length > 0 && (head[0] & 0xff) == PICKLE_PROTO) {
            return "a pickle, but not one starting with torch.save's legacy magic number (" + start + ")";
        }
        return "neither safetensors (a header length, then '{'), a zip archive, nor a legacy torch.save pickle ("
                + start + ", " + size + " bytes)";
    }
}
