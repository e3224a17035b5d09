package dev.chimera.worker.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
    }

    long elementCount() {
        return Arrays.stream(size).reduce(1, Math::multiplyExact);
    }

    /** Gathers this view's elements from the storage's raw little-endian bytes into a new contiguous array. */
    NDArray materialize(String name, byte[] storageBytes, NDManager manager) throws CheckpointFormatException {
        StorageType type = storage.type();
        int width = type.elementSize();
        long count = elementCount();
        long start = storage.elementOffset() + offset;
        if (count == 0) {
            return manager.zeros(new Shape(size), type.dataType());
        }
        checkWithinStorage(name, start, storageBytes.length / width);
        byte[] gathered = new byte[Math.toIntExact(count * width)];
        if (isContiguous()) {
            System.arraycopy(storageBytes, Math.toIntExact(start * width), gathered, 0, gathered.length);
        } else {
            gatherStrided(storageBytes, start, width, gathered);
        }
        ByteBuffer data = ByteBuffer.wrap(type.widen(gathered)).order(ByteOrder.LITTLE_ENDIAN);
        return manager.create(data, new Shape(size), type.dataType());
    }

    private void checkWithinStorage(String name, long start, long storageElements) throws CheckpointFormatException {
        long last = start;
        boolean negativeStride = false;
        for (int d = 0; d < size.length; d++) {
            last += (size[d] - 1) * stride[d];
            negativeStride |= stride[d] < 0;
        }
        if (start < 0 || negativeStride || last >= storageElements) {
            throw new CheckpointFormatException("tensor " + name + " (offset " + start + ", size "
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

    private void gatherStrided(byte[] storageBytes, long start, int width, byte[] out) {
        long[] index = new long[size.length];
        long source = start;
        for (int i = 0; i < out.length / width; i++) {
            System.arraycopy(storageBytes, Math.toIntExact(source * width), out, i * width, width);
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
