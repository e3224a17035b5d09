package dev.chimera.worker.weights;

import java.io.IOException;

/** Where a checkpoint format keeps the raw bytes of its storages, by storage key. */
@FunctionalInterface
interface StorageBytes {

    /** All bytes of the storage {@code key}, little-endian, as written by torch. */
    byte[] of(String key) throws IOException;
}
