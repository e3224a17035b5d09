package dev.chimera.model.weights;

import java.util.Arrays;
import java.util.Optional;

import ai.djl.ndarray.types.DataType;

/** The safetensors element types this project reads and writes, by their name in a header, with DJL's type for each. */
enum SafetensorsDtype {
    F64(DataType.FLOAT64),
    F32(DataType.FLOAT32),
    F16(DataType.FLOAT16),
    BF16(DataType.BFLOAT16),
    I64(DataType.INT64),
    I32(DataType.INT32),
    I8(DataType.INT8),
    U8(DataType.UINT8),
    BOOL(DataType.BOOLEAN);

    private final DataType dataType;

    SafetensorsDtype(DataType dataType) {
        this.dataType = dataType;
    }

    static Optional<SafetensorsDtype> named(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }

    static Optional<SafetensorsDtype> of(DataType dataType) {
        return Arrays.stream(values()).filter(t -> t.dataType == dataType).findFirst();
    }

    DataType dataType() {
        return dataType;
    }

    /** Bytes per element. */
    int width() {
        return dataType.getNumOfBytes();
    }
}
