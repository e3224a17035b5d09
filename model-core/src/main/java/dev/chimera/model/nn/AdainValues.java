package dev.chimera.model.nn;

import java.util.IdentityHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;

/**
 * The per-call AdaIN parameters of a network: for each {@link AdaptiveInstanceNorm2d} in module order, its slice of a
 * flat parameter vector laid out as the reference's {@code assign_adain_params} reads it, [mean | std] per layer.
 */
public final class AdainValues {

    /** One layer's values, each [B, C]. */
    public record Entry(NDArray mean, NDArray std) {
    }

    private final Map<AdaptiveInstanceNorm2d, Entry> entries = new IdentityHashMap<>();

    private AdainValues() {
    }

    /** Counts the parameters every AdaIN layer under {@code module} needs: 2·C each ({@code get_num_adain_params}). */
    public static int count(TorchModule module) {
        return module.namedModules().values().stream().filter(AdaptiveInstanceNorm2d.class::isInstance)
                .mapToInt(m -> 2 * ((AdaptiveInstanceNorm2d) m).numFeatures()).sum();
    }

    /** Splits {@code params} [B, count(module)] over the AdaIN layers under {@code module} in module order. */
    public static AdainValues split(NDArray params, TorchModule module) {
        int expected = count(module);
        if (params.getShape().dimension() != 2 || params.getShape().get(1) != expected) {
            throw new IllegalArgumentException("AdaIN parameters must be [B, " + expected + "], got "
                    + params.getShape());
        }
        AdainValues values = new AdainValues();
        long offset = 0;
        for (TorchModule m : module.namedModules().values()) {
            if (m instanceof AdaptiveInstanceNorm2d adain) {
                long c = adain.numFeatures();
                NDArray mean = params.get(":, " + offset + ":" + (offset + c));
                NDArray std = params.get(":, " + (offset + c) + ":" + (offset + 2 * c));
                values.entries.put(adain, new Entry(mean, std));
                offset += 2 * c;
            }
        }
        return values;
    }

    Entry of(AdaptiveInstanceNorm2d layer) {
        Entry e = entries.get(layer);
        if (e == null) {
            throw new IllegalStateException("no AdaIN values for this layer: split them from its own network");
        }
        return e;
    }
}
