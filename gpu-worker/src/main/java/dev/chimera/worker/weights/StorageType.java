package dev.chimera.worker.weights;

import java.util.Arrays;
import java.util.Optional;

import ai.djl.ndarray.types.DataType;

/**
 * The {@code torch.*Storage} classes a checkpoint may name, with the width of one stored element and the DJL type the
 * tensor is read as. Half-precision storages are widened to float32, which represents every one of their values.
 */
enum StorageType {
    FLOAT("FloatStorage", 4, DataType.FLOAT32),
    HALF("HalfStorage", 2, DataType.FLOAT32),
    BFLOAT16("BFloat16Storage", 2, DataType.FLOAT32),
    DOUBLE("DoubleStorage", 8, DataType.FLOAT64),
    LONG("LongStorage", 8, DataType.INT64),
    INT("IntStorage", 4, DataType.INT32),
    CHAR("CharStorage", 1, DataType.INT8),
    BYTE("ByteStorage", 1, DataType.UINT8),
    BOOL("BoolStorage", 1, DataType.BOOLEAN);

    private final String className;
    private final int elementSize;
    private final DataType dataType;

    StorageType(String className, int elementSize, DataType dataType) {
        this.className = className;
        this.elementSize = elementSize;
        this.dataType = dataType;
    }

    static Optional<StorageType> ofTorchName(String name) {
        return Arrays.stream(values()).filter(t -> t.className.equals(name)).findFirst();
    }

    String torchName() {
        return "torch." + className;
    }

    int elementSize() {
        return elementSize;
    }

    DataType dataType() {
        return dataType;
    }

    /** Converts stored little-endian elements to the bytes of {@link #dataType()}. */
    byte[] widen(byte[] stored) {
        return switch (this) {
            case HALF -> HalfFloats.halfToFloat32(stored);
            case BFLOAT16 -> HalfFloats.bfloat16ToFloat32(stored);
            default -> stored;
        };
    }
}
