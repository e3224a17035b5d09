package dev.chimera.model.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One direct buffer lent to successive tensors, replaced only when a tensor needs more room, so reading tensor after
 * tensor asks for about one tensor's worth of direct memory instead of one buffer per tensor.
 */
final class GrowingBuffer {

    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

    /** A little-endian view of exactly {@code bytes} bytes, valid until the next call. */
    ByteBuffer take(int bytes) {
        if (buffer.capacity() < bytes) {
            // Dropped first, so that a full direct memory can reclaim it while the larger one is reserved.
            buffer = null;
            buffer = ByteBuffer.allocateDirect(bytes);
        }
        return buffer.clear().limit(bytes).slice().order(ByteOrder.LITTLE_ENDIAN);
    }
}
