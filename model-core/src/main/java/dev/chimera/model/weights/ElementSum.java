package dev.chimera.model.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ai.djl.ndarray.types.DataType;

/** The float64 sum of a tensor's elements, added up chunk by chunk as its stored bytes stream past. */
final class ElementSum {

    private final DataType type;
    private double total;

    ElementSum(DataType type) {
        this.type = type;
    }

    /** Adds every element of {@code chunk}, little-endian elements of this sum's type; consumes the chunk. */
    void add(ByteBuffer chunk) {
        ByteBuffer in = chunk.slice().order(ByteOrder.LITTLE_ENDIAN);
        chunk.position(chunk.limit());
        switch (type) {
            case FLOAT64 -> {
                while (in.remaining() >= 8) {
                    total += in.getDouble();
                }
            }
            case FLOAT32 -> {
                while (in.remaining() >= 4) {
                    total += in.getFloat();
                }
            }
            case FLOAT16 -> {
                while (in.remaining() >= 2) {
                    total += HalfFloats.halfToFloat(in.getShort());
                }
            }
            case BFLOAT16 -> {
                while (in.remaining() >= 2) {
                    total += HalfFloats.bfloat16ToFloat(in.getShort());
                }
            }
            case INT64 -> {
                while (in.remaining() >= 8) {
                    total += in.getLong();
                }
            }
            case INT32 -> {
                while (in.remaining() >= 4) {
                    total += in.getInt();
                }
            }
            case INT8 -> {
                while (in.hasRemaining()) {
                    total += in.get();
                }
            }
            case UINT8, BOOLEAN -> {
                while (in.hasRemaining()) {
                    total += in.get() & 0xff;
                }
            }
            default -> throw new IllegalArgumentException("no sum of " + type + " elements");
        }
    }

    double total() {
        return total;
    }
}
