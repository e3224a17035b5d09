package dev.chimera.model.weights;

import ai.djl.ndarray.types.DataType;

/** What reading a checkpoint does with float16 and bfloat16 tensors: widen them to float32, or keep them as stored. */
public enum FloatWidening {

    /** Half-precision tensors become float32 arrays, which represent every half value exactly. */
    UPCAST_TO_FLOAT32,

    /** Every tensor keeps the type it is stored in; bfloat16 is refused, as DJL's PyTorch engine cannot hold it. */
    KEEP;

    /** The type a tensor stored as {@code stored} is read as. */
    DataType loadedAs(DataType stored) {
        boolean half = stored == DataType.FLOAT16 || stored == DataType.BFLOAT16;
        return half && this == UPCAST_TO_FLOAT32 ? DataType.FLOAT32 : stored;
    }
}
