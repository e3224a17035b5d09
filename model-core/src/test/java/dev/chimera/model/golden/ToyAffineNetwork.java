package dev.chimera.model.golden;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** The toy network of {@link ToyCase}, which can add an error to one element of {@code y} or drop an output. */
final class ToyAffineNetwork implements GoldenNetwork {

    private final int perturbedElement;
    private final float perturbation;
    private final String omitted;

    ToyAffineNetwork(int perturbedElement, float perturbation, String omitted) {
        this.perturbedElement = perturbedElement;
        this.perturbation = perturbation;
        this.omitted = omitted;
    }

    static ToyAffineNetwork exact() {
        return new ToyAffineNetwork(0, 0, "");
    }

    @Override
    public String network() {
        return "toy-affine";
    }

    @Override
    public Map<String, NDArray> run(GoldenCase goldenCase, Map<String, NDArray> weights, NDManager manager) {
        NDArray scale = weights.get("scale");
        NDArray shift = weights.get("shift");
        float[] y = goldenCase.inputs().get("x").mul(scale).add(shift).toFloatArray();
        y[perturbedElement] += perturbation;
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("y", manager.create(y, goldenCase.inputs().get("x").getShape()));
        out.put("grad.scale", scale.mul(2));
        out.put("grad.shift", shift.mul(2));
        out.put("steps", manager.create(3L));
        out.remove(omitted);
        return out;
    }
}
