package dev.chimera.model.crossbreed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.AvgPool2d;
import dev.chimera.model.nn.ReflectionPad2d;
import dev.chimera.model.nn.Sequential;
import dev.chimera.model.nn.UnaryModule;
import dev.chimera.model.nn.Upsample;

/**
 * The reference's {@code UpdownResBlock}: down = residual block, reflect pad 1, 3×3 average pool of stride 2
 * (keys {@code model.0.*}); up = nearest ×2, then the residual block (keys {@code model.1.*}).
 */
final class UpdownResBlock extends UnaryModule {

    private final Sequential model;

    private UpdownResBlock(Sequential model) {
        this.model = register("model", model);
    }

    static UpdownResBlock down(int in, int out, Conv2dBlock.Norm norm) {
        return new UpdownResBlock(new Sequential().add(new ActFirstResBlock(in, out, norm))
                .add(new ReflectionPad2d(1)).add(new AvgPool2d(3, 2)));
    }

    static UpdownResBlock up(int in, int out, Conv2dBlock.Norm norm) {
        return new UpdownResBlock(new Sequential().add(new Upsample(2, Upsample.Mode.NEAREST))
                .add(new ActFirstResBlock(in, out, norm)));
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        return model.forward(store, x, params);
    }

    @Override
    protected Shape outputShape(Shape input) {
        return model.getOutputShapes(new Shape[] {input})[0];
    }
}
