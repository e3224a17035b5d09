package dev.chimera.model.crossbreed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Activation;
import dev.chimera.model.nn.AdaptiveInstanceNorm2d;
import dev.chimera.model.nn.Conv2d;
import dev.chimera.model.nn.InstanceNorm2d;
import dev.chimera.model.nn.ReflectionPad2d;
import dev.chimera.model.nn.UnaryModule;

/**
 * The reference's {@code Conv2dBlock} at stride 1: reflection pad, spectral-normed convolution ({@code conv}, folded
 * at load time), optional {@code norm} and activation, with the activation either last or first.
 */
final class Conv2dBlock extends UnaryModule {

    /** The normalisations the generator uses. */
    enum Norm { NONE, INSTANCE, ADAIN }

    private final ReflectionPad2d pad;
    private final UnaryModule norm;
    private final Activation activation;
    private final Conv2d conv;
    private final boolean activationFirst;

    Conv2dBlock(int in, int out, int kernel, int reflectPadding, Norm norm, Activation activation,
            boolean activationFirst, boolean bias) {
        this.pad = reflectPadding > 0 ? register("pad", new ReflectionPad2d(reflectPadding)) : null;
        this.norm = switch (norm) {
            case NONE -> null;
            case INSTANCE -> register("norm", new InstanceNorm2d(out));
            case ADAIN -> register("norm", new AdaptiveInstanceNorm2d(out));
        };
        this.activation = activation == null ? null : register("activation", activation);
        this.conv = register("conv", Conv2d.builder(in, out, kernel).bias(bias).build());
        this.activationFirst = activationFirst;
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        NDArray y = x;
        if (activationFirst && activation != null) {
            y = activation.forward(store, y, params);
        }
        if (pad != null) {
            y = pad.forward(store, y, params);
        }
        y = conv.forward(store, y, params);
        if (norm != null) {
            y = norm.forward(store, y, params);
        }
        if (!activationFirst && activation != null) {
            y = activation.forward(store, y, params);
        }
        return y;
    }

    @Override
    protected Shape outputShape(Shape input) {
        Shape padded = pad == null ? input : pad.getOutputShapes(new Shape[] {input})[0];
        return conv.getOutputShapes(new Shape[] {padded})[0];
    }
}
