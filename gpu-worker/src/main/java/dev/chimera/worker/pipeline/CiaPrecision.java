package dev.chimera.worker.pipeline;

import java.util.Arrays;
import java.util.Locale;

import ai.djl.ndarray.types.DataType;

/**
 * The precision Cross-Image Attention's networks run in on this worker ({@code CHIMERA_CIA_PRECISION}): float32, or
 * float16, meant for GPUs, where the UNet, the VAE and the text encoder are loaded in half precision while the DDIM
 * schedule, the inversion's noise maps, the guidance mixing and AdaIN stay float32. libtorch's CPU runs it too (the
 * demo networks give nearly the float32 picture), without its speed-up.
 */
public enum CiaPrecision {
    FLOAT32(DataType.FLOAT32),
    FLOAT16(DataType.FLOAT16);

    private final DataType dataType;

    CiaPrecision(DataType dataType) {
        this.dataType = dataType;
    }

    /** The precision a setting names: {@code float32} or {@code float16}. */
    public static CiaPrecision fromSetting(String setting) {
        return Arrays.stream(values()).filter(precision -> precision.wireName().equals(setting.trim()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("CHIMERA_CIA_PRECISION must be float32"
                        + " or float16, was " + setting));
    }

    /** The data type of the networks' tensors. */
    public DataType dataType() {
        return dataType;
    }

    /** Bytes of one tensor element. */
    public int bytesPerElement() {
        return dataType.getNumOfBytes();
    }

    /** The name in settings, metadata and inversion cache keys. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
