package dev.chimera.model.weights;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;

/**
 * Replaces every spectral-normed tensor triple ({@code X.weight_orig}, {@code X.weight_u}, {@code X.weight_v}) by the
 * normalised {@code X.weight}, as {@code torch.nn.utils.spectral_norm} computes it in eval mode: no power iteration,
 * {@code weight = weight_orig / (u · (W v))} with W the original weight flattened to (out, rest).
 */
public final class SpectralNormFolding {

    private static final String ORIG = ".weight_orig";

    private SpectralNormFolding() {
    }

    /** Returns a new map, in the input's key order, with every triple folded; other entries pass through. */
    public static Map<String, NDArray> fold(Map<String, NDArray> stateDict) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : stateDict.entrySet()) {
            String key = e.getKey();
            if (key.endsWith(ORIG)) {
                String module = key.substring(0, key.length() - ORIG.length());
                out.put(module + ".weight", folded(module, stateDict));
            } else if (!isSpectralVector(key, stateDict)) {
                out.put(key, e.getValue());
            }
        }
        return out;
    }

    private static boolean isSpectralVector(String key, Map<String, NDArray> stateDict) {
        for (String suffix : new String[] {".weight_u", ".weight_v"}) {
            if (key.endsWith(suffix)) {
                return stateDict.containsKey(key.substring(0, key.length() - suffix.length()) + ORIG);
            }
        }
        return false;
    }

    private static NDArray folded(String module, Map<String, NDArray> stateDict) {
        NDArray weight = stateDict.get(module + ORIG);
        NDArray u = stateDict.get(module + ".weight_u");
        NDArray v = stateDict.get(module + ".weight_v");
        if (u == null || v == null) {
            throw new IllegalArgumentException("spectral norm of " + module + " needs weight_u and weight_v");
        }
        NDArray matrix = weight.reshape(weight.getShape().get(0), -1);
        NDArray sigma = u.dot(matrix.matMul(v.reshape(-1, 1)).reshape(-1));
        return weight.div(sigma);
    }
}
