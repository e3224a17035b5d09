package dev.chimera.model.sd;

import java.util.Set;
import java.util.TreeSet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * FreeU's {@code Fourier_filter(x, threshold=1, scale)}: the 2-D spectrum over H and W, fftshift-ed, has its central
 * 2×2 block (the frequencies 0 and −1 along each axis) multiplied by {@code scale}, and the real part of the inverse
 * transform is kept. Computed exactly as x + (scale − 1)·Re(P_H x P_Wᵀ), where P is the circulant projection onto
 * those frequencies, written as real matrix products (Re(A x Bᵀ) = Ar x Brᵀ − Ai x Biᵀ).
 */
public final class FourierFilter {

    private FourierFilter() {
    }

    /** The filtered [B, C, H, W] map, computed in float32 and returned in {@code x}'s data type, as FreeU does. */
    public static NDArray apply(NDArray x, float scale) {
        Shape s = x.getShape();
        int height = (int) s.get(2);
        int width = (int) s.get(3);
        NDManager manager = x.getManager();
        NDArray wide = x.toType(DataType.FLOAT32, false);
        NDArray[] rows = projection(manager, height);
        NDArray[] cols = projection(manager, width);
        NDArray real = rows[0].matMul(wide).matMul(cols[0].transpose());
        NDArray imaginary = rows[1].matMul(wide).matMul(cols[1].transpose());
        return wide.add(real.sub(imaginary).mul(scale - 1f)).toType(x.getDataType(), false);
    }

    /**
     * The real and imaginary parts of the n×n matrix projecting a signal onto the frequencies the filter's mask
     * scales: the mask covers the shifted indices n/2 − 1 and n/2, which are the frequencies −1 and 0 (one
     * frequency when n is 1, as Python's slice [−1:1] then selects only index 0).
     */
    static NDArray[] projection(NDManager manager, int n) {
        Set<Integer> frequencies = new TreeSet<>();
        int centre = n / 2;
        for (int shifted = Math.max(0, centre - 1); shifted <= centre && shifted < n; shifted++) {
            frequencies.add(Math.floorMod(shifted - centre, n));
        }
        float[] real = new float[n * n];
        float[] imaginary = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double re = 0;
                double im = 0;
                for (int k : frequencies) {
                    double angle = 2 * Math.PI * k * (i - j) / n;
                    re += Math.cos(angle);
                    im += Math.sin(angle);
                }
                real[i * n + j] = (float) (re / n);
                imaginary[i * n + j] = (float) (im / n);
            }
        }
        return new NDArray[] {manager.create(real, new Shape(n, n)),
                manager.create(imaginary, new Shape(n, n))};
    }
}
