package dev.chimera.model.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import ai.djl.ndarray.types.Shape;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a view of a storage with an element offset, a
 * size and strides (in elements). Several tensors may view the same storage.
 */
record PickledTensor(StorageRef storage, long offset, long[] size, long[] stride) {

    PickledTensor {
        if (size.length != stride.length) {
            throw new IllegalArgumentException("size " + Arrays.toString(size) + " and stride "
                    + Arrays.toString(stride) + " differ in rank");
        }
        if (Arrays.stream(size).anyMatch(dimension -> dimension < 0)) {
            throw new IllegalArgumentException("negative size " + Arrays.toString(size));
        }
    }

    long elementCount() {
        return Arrays.stream(size).reduce(1, Math::multiplyExact);
    }

    /**
     * This view as the tensor {@code name} of {@code source}, its storage fetched from {@code storages} when read.
     *
     * @throws CheckpointFormatException if the view reaches past its storage
     */
    StoredTensor stored(String source, String name, StorageBytes storages) throws IOException {
        if (elementCount() > 0) {
            checkWithinStorage(source, name, storage.elementOffset() + offset,
                    storages.byteCount(storage.key()) / storage.type().elementSize());
        }
        return new StoredTensor(source, name, storage.type().dataType(), new Shape(size), chunks -> {
            if (elementCount() > 0) {
                chunks.accept(gather(source, name, storages.of(storage.key())));
            }
        });
    }

    /** This view's elements, contiguous: a slice of the storage when they already are, else a gathered copy. */
    private ByteBuffer gather(String source, String name, ByteBuffer storageBytes) throws CheckpointFormatException {
        int width = storage.type().elementSize();
        long count = elementCount();
        long start = storage.elementOffset() + offset;
        if (count * width > Integer.MAX_VALUE) {
            throw new CheckpointFormatException("tensor " + name + " of " + source + " takes " + count * width
                    + " bytes, more than one array can hold (2^31 - 1)");
        }
        if (isContiguous()) {
            return storageBytes.slice((int) (start * width), (int) (count * width));
        }
        ByteBuffer gathered = ByteBuffer.allocateDirect((int) (count * width));
        gatherStrided(storageBytes, start, width, gathered);
        return gathered;
    }

    private void checkWithinStorage(String source, String name, long start, long storageElements)
            throws CheckpointFormatException {
        long last = start;
        boolean negativeStride = false;
        for (int d = 0; d < size.length; d++) {
            last += (size[d] - 1) * stride[d];
            negativeStride |= stride[d] < 0;
        }
        if (start < 0 || negativeStride || last >= storageElements) {
            throw new CheckpointFormatException("tensor " + name + " of " + source + " (offset " + start + ", size "
                    + Arrays.toString(size) + ", stride " + Arrays.toString(stride) + ") reaches past its storage "
                    + storage.key() + " of " + storageElements + " elements");
        }
    }

    private boolean isContiguous() {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    private void gatherStrided(ByteBuffer storageBytes, long start, int width, ByteBuffer out) {
        long[] index = new long[size.length];
        long source = start;
        for (int i = 0; i < out.capacity() / width; i++) {
            out.put(i * width, storageBytes, (int) (source * width), width);
            for (int d = size.length - 1; d >= 0; d--) {
                index[d]++;
                source += stride[d];
                if (index[d] < size[d]) {
                    break;
                }
                source -= index[d] * stride[d];
                index[d] = 0;
            }
        }
    }
}
