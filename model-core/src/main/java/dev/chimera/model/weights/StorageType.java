package dev.chimera.model.weights;

import java.util.Arrays;
import java.util.Optional;

import ai.djl.ndarray.types.DataType;

/** The {@code torch.*Storage} classes a checkpoint may name, with the DJL type of their stored elements. */
enum StorageType {
    FLOAT("FloatStorage", DataType.FLOAT32),
    HALF("HalfStorage", DataType.FLOAT16),
    BFLOAT16("BFloat16Storage", DataType.BFLOAT16),
    DOUBLE("DoubleStorage", DataType.FLOAT64),
    LONG("LongStorage", DataType.INT64),
    INT("IntStorage", DataType.INT32),
    CHAR("CharStorage", DataType.INT8),
    BYTE("ByteStorage", DataType.UINT8),
    BOOL("BoolStorage", DataType.BOOLEAN);

    private final String className;
    private final DataType dataType;

    StorageType(String className, DataType dataType) {
        this.className = className;
        this.dataType = dataType;
    }

    static Optional<StorageType> ofTorchName(String name) {
        return Arrays.stream(values()).filter(t -> t.className.equals(name)).findFirst();
    }

    String torchName() {
        return "torch." + className;
    }

    int elementSize() {
        return dataType.getNumOfBytes();
    }

    DataType dataType() {
        return dataType;
    }
}
