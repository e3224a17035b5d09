package dev.chimera.model.nn;

import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A stateless element-wise activation module ({@code nn.ReLU}, {@code nn.LeakyReLU}, {@code nn.Tanh}, ...). */
public final class Activation extends UnaryModule {

    private final String name;
    private final UnaryOperator<NDArray> function;

    private Activation(String name, UnaryOperator<NDArray> function) {
        this.name = name;
        this.function = function;
    }

    /** {@code nn.ReLU}. */
    public static Activation relu() {
        return new Activation("ReLU", ai.djl.nn.Activation::relu);
    }

    /** {@code nn.LeakyReLU(slope)}: x for x ≥ 0, slope·x otherwise. */
    public static Activation leakyRelu(float slope) {
        return new Activation("LeakyReLU(" + slope + ")", x -> ai.djl.nn.Activation.leakyRelu(x, slope));
    }

    /** {@code nn.Tanh}. */
    public static Activation tanh() {
        return new Activation("Tanh", NDArray::tanh);
    }

    /** {@code nn.Sigmoid}. */
    public static Activation sigmoid() {
        return new Activation("Sigmoid", ai.djl.nn.Activation::sigmoid);
    }

    /** {@code nn.GELU()} in its exact form, x·Φ(x) with the error function, not the tanh approximation. */
    public static Activation gelu() {
        return new Activation("GELU", ai.djl.nn.Activation::gelu);
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        return function.apply(x);
    }

    @Override
    protected Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public String toString() {
        return name;
    }
}
