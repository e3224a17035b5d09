package dev.chimera.model.golden;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How close one output must be: every element within {@code atol + rtol·|golden|}, except the elements listed by flat
 * row-major index in {@code elementAtol}, which use their own atol.
 *
 * @param atol absolute tolerance
 * @param rtol relative tolerance
 * @param elementAtol atol for single elements, by flat index (config.json's tolerance.element_exceptions)
 */
public record Tolerance(double atol, double rtol, Map<Long, Double> elementAtol) {

    /**
     * The tolerance config.json's {@code tolerance} block gives the output {@code name} of the family {@code family}
     * (equal to name for a single output): per_output by name, then by family, then the top-level fallback.
     */
    public static Tolerance of(JsonNode tolerance, String name, String family) {
        JsonNode perOutput = tolerance.path("per_output");
        JsonNode chosen = perOutput.has(name) ? perOutput.get(name)
                : perOutput.has(family) ? perOutput.get(family) : tolerance;
        if (!chosen.has("atol") || !chosen.has("rtol")) {
            throw new IllegalArgumentException("config.json gives no atol/rtol for output " + name);
        }
        Map<Long, Double> exceptions = new HashMap<>();
        JsonNode exception = tolerance.path("element_exceptions").path(name);
        for (JsonNode index : exception.path("flat_indices")) {
            exceptions.put(index.asLong(), exception.get("atol").asDouble());
        }
        return new Tolerance(chosen.get("atol").asDouble(), chosen.get("rtol").asDouble(), Map.copyOf(exceptions));
    }

    /** The atol that applies to the element at {@code flatIndex}. */
    public double atolAt(long flatIndex) {
        return elementAtol.getOrDefault(flatIndex, atol);
    }
}
