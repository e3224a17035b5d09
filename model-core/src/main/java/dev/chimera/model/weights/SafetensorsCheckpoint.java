package dev.chimera.model.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import ai.djl.ndarray.types.Shape;

/**
 * Reads a safetensors file tensor by tensor with positional reads at 64-bit offsets, one chunk at a time, so neither
 * the file nor its data section is ever held in memory, whatever their size.
 */
final class SafetensorsCheckpoint {

    private static final int CHUNK_BYTES = 1 << 20;

    private SafetensorsCheckpoint() {
    }

    /** Hands every tensor of {@code file} to {@code visitor} in header order. */
    static void forEachTensor(Path file, StoredTensor.Visitor visitor) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            SafetensorsHeader header = SafetensorsHeader.read(channel, file);
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
            for (SafetensorsHeader.Entry entry : header.entries()) {
                long start = header.dataStart() + entry.begin();
                long end = header.dataStart() + entry.end();
                visitor.visit(new StoredTensor(file.toString(), entry.name(), entry.dtype().dataType(),
                        new Shape(entry.shape()), chunks -> stream(channel, start, end, chunk, chunks, file)));
            }
        }
    }

    /** Reads bytes {@code start..end} of the file through {@code chunk}, whose size is a multiple of every width. */
    private static void stream(FileChannel channel, long start, long end, ByteBuffer chunk, StoredTensor.Chunks chunks,
            Path file) throws IOException {
        for (long position = start; position < end; ) {
            int length = (int) Math.min(CHUNK_BYTES, end - position);
            chunk.clear().limit(length);
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, position + chunk.position()) < 0) {
                    throw new CheckpointFormatException(file + " shrank while it was read (at byte " + position + ")");
                }
            }
            chunks.accept(chunk.flip());
            position += length;
        }
    }
}
