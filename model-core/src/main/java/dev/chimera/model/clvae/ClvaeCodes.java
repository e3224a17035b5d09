package dev.chimera.model.clvae;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * The latent codes of one generation, the reference's {@code z} dict: a global code and, per class, one code per
 * latent layer (row l is used at 1/2^(l+1) of the label map's size).
 *
 * @param global [batch, z_dim]
 * @param perClass class index → [batch, {@value ClvaeConfig#LATENT_LAYERS}, z_dim_local]
 */
public record ClvaeCodes(NDArray global, Map<Integer, NDArray> perClass) {

    /** Copies the map into class order and checks that every code has the same batch and width. */
    public ClvaeCodes {
        perClass = new TreeMap<>(perClass);
        if (global.getShape().dimension() != 2) {
            throw new IllegalArgumentException("global code must be [batch, z_dim], got " + global.getShape());
        }
        long batch = global.getShape().get(0);
        Shape first = null;
        for (Map.Entry<Integer, NDArray> e : perClass.entrySet()) {
            Shape s = e.getValue().getShape();
            boolean fits = s.dimension() == 3 && s.get(0) == batch && s.get(1) == ClvaeConfig.LATENT_LAYERS
                    && (first == null || s.equals(first));
            if (!fits) {
                throw new IllegalArgumentException("code of class " + e.getKey() + " has shape " + s + ", expected ["
                        + batch + ", " + ClvaeConfig.LATENT_LAYERS + ", z_dim_local]"
                        + (first == null ? "" : " like " + first));
            }
            first = s;
        }
        perClass = Collections.unmodifiableMap(perClass);
    }

    /** The batch size. */
    public long batch() {
        return global.getShape().get(0);
    }

    /**
     * The per-class codes as one dense table [batch, classes, layers, z_dim_local], zero for classes without a code,
     * so the generator can look every pixel's code up in one gather.
     */
    public NDArray classTable(int classes, int zDimLocal) {
        NDList rows = new NDList(classes);
        for (int c = 0; c < classes; c++) {
            NDArray code = perClass.get(c);
            rows.add(code != null ? code
                    : global.getManager().zeros(new Shape(batch(), ClvaeConfig.LATENT_LAYERS, zDimLocal),
                            global.getDataType()));
        }
        return NDArrays.stack(rows, 1);
    }
}
