package dev.chimera.model.clvae;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import ai.djl.ndarray.NDArray;

/**
 * What the style encoder reads from a style image: the means ({@code mu}) of the global code and of every class
 * present in the style's label map. A class row is exactly zero at a layer where the class has no pixel.
 *
 * @param perClass class index → [batch, {@value ClvaeConfig#LATENT_LAYERS}, z_dim_local]
 * @param global [batch, z_dim]
 */
public record StyleMeans(Map<Integer, NDArray> perClass, NDArray global) {

    /** Keeps the classes in ascending order. */
    public StyleMeans {
        perClass = Collections.unmodifiableMap(new TreeMap<>(perClass));
    }
}
