package dev.chimera.model.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.IntFunction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * One tensor of a checkpoint before its bytes are read: where it is, its name, stored type and shape, and a way to
 * stream its elements, so a caller loads it into an array or adds it up without ever holding the whole file.
 */
record StoredTensor(String source, String name, DataType dataType, Shape shape, Bytes bytes) {

    /** The tensor's elements as little-endian bytes in row-major order. */
    @FunctionalInterface
    interface Bytes {

        /** Hands the bytes to {@code chunks} in order, in pieces of whole elements, each valid only during the call. */
        void stream(Chunks chunks) throws IOException;
    }

    /** Receives a tensor's bytes piece by piece. */
    @FunctionalInterface
    interface Chunks {

        /** Takes one piece; whatever it does not consume is dropped. */
        void accept(ByteBuffer chunk) throws IOException;
    }

    /** Receives the tensors of a checkpoint in file order. */
    @FunctionalInterface
    interface Visitor {

        /** Takes one tensor; its bytes can be streamed only during this call. */
        void visit(StoredTensor tensor) throws IOException;
    }

    /**
     * Copies the tensor into a new array of {@code manager}, half precision widened or not by {@code widening}. The
     * array owns a direct buffer of its own: PyTorch wraps the buffer without copying it, so it must not alias a
     * buffer the reader reuses.
     *
     * @throws CheckpointFormatException if the array would need more than 2^31 - 1 bytes
     * @throws UnsupportedOperationException if a bfloat16 tensor is to be kept
     */
    NDArray load(NDManager manager, FloatWidening widening) throws IOException {
        return load(manager, widening, ByteBuffer::allocateDirect);
    }

    /**
     * Copies the tensor into an array of {@code manager} that wraps a direct buffer from {@code buffers} (given a byte
     * count); the array lives only as long as that buffer is not lent again, which is how a tensor is streamed into a
     * module's own storage through one reused buffer.
     */
    NDArray load(NDManager manager, FloatWidening widening, IntFunction<ByteBuffer> buffers) throws IOException {
        DataType loaded = loadedType(widening);
        NDArray array;
        if (shape.size() == 0) {
            array = manager.zeros(shape, loaded);
        } else {
            ByteBuffer data = buffers.apply(byteCount(loaded)).order(ByteOrder.LITTLE_ENDIAN);
            bytes.stream(chunk -> {
                if (loaded == dataType) {
                    data.put(chunk);
                } else {
                    HalfFloats.widen(dataType, chunk, data);
                }
            });
            array = manager.create(data.rewind(), shape, loaded);
        }
        array.setName(name);
        return array;
    }

    /**
     * The type the tensor is loaded as under {@code widening}, checking that one array can hold it.
     *
     * @throws CheckpointFormatException if the array would need more than 2^31 - 1 bytes
     * @throws UnsupportedOperationException if a bfloat16 tensor is to be kept
     */
    DataType loadedType(FloatWidening widening) throws CheckpointFormatException {
        DataType loaded = widening.loadedAs(dataType);
        if (loaded == DataType.BFLOAT16) {
            // DJL 0.35's PyTorch engine aborts the JVM when it creates or converts to a bfloat16 array.
            throw new UnsupportedOperationException("tensor " + name + " of " + source + " is bfloat16, which DJL's"
                    + " PyTorch engine cannot hold; read it with " + FloatWidening.UPCAST_TO_FLOAT32);
        }
        byteCount(loaded);
        return loaded;
    }

    /** The float64 sum of the elements (booleans count as 0 and 1), streamed without creating an array. */
    double sum() throws IOException {
        ElementSum sum = new ElementSum(dataType);
        bytes.stream(sum::add);
        return sum.total();
    }

    private int byteCount(DataType loaded) throws CheckpointFormatException {
        long count = Math.multiplyExact(shape.size(), (long) loaded.getNumOfBytes());
        if (count > Integer.MAX_VALUE) {
            throw new CheckpointFormatException("tensor " + name + " of " + source + " takes " + count + " bytes as "
                    + loaded + ", more than one array can hold (2^31 - 1)");
        }
        return (int) count;
    }
}
