package dev.chimera.model.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ai.djl.ndarray.types.DataType;

/** Exact conversions of IEEE half and bfloat16 values to float32 (Java 17 has no {@code Float.float16ToFloat}). */
final class HalfFloats {

    private HalfFloats() {
    }

    /**
     * Puts the float32 value of every little-endian 16-bit element of {@code halves}, of type {@code FLOAT16} or
     * {@code BFLOAT16}, into {@code floats}; consumes {@code halves}.
     */
    static void widen(DataType type, ByteBuffer halves, ByteBuffer floats) {
        ByteBuffer in = halves.slice().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = floats.order(ByteOrder.LITTLE_ENDIAN);
        boolean brain = type == DataType.BFLOAT16;
        while (in.remaining() >= 2) {
            short bits = in.getShort();
            out.putFloat(brain ? bfloat16ToFloat(bits) : halfToFloat(bits));
        }
        halves.position(halves.limit());
    }

    static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    static float halfToFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Subnormal halves are mantissa * 2^-24, exactly representable in float32.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
