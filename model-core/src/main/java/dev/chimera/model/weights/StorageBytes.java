package dev.chimera.model.weights;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where a checkpoint format keeps the raw bytes of its storages, by storage key. */
interface StorageBytes {

    /** How many bytes the storage {@code key} holds, found without reading them. */
    long byteCount(String key) throws IOException;

    /** All bytes of the storage {@code key} as torch wrote them (little-endian), from index 0; not to be kept. */
    ByteBuffer of(String key) throws IOException;
}
