package dev.chimera.model.crossbreed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Activation;
import dev.chimera.model.nn.UnaryModule;

/**
 * The reference's {@code ActFirstResBlock}: {@code conv_1(conv_0(x))}, each ReLU → reflect pad 1 → 3×3 conv → norm,
 * plus the input, or a bias-free 1×1 {@code conv_s} of the input when the channel count changes.
 */
final class ActFirstResBlock extends UnaryModule {

    private final Conv2dBlock conv0;
    private final Conv2dBlock conv1;
    private final Conv2dBlock convS;

    ActFirstResBlock(int fin, int fout, Conv2dBlock.Norm norm) {
        int fhid = Math.min(fin, fout);
        this.conv0 = register("conv_0", new Conv2dBlock(fin, fhid, 3, 1, norm, Activation.relu(), true, true));
        this.conv1 = register("conv_1", new Conv2dBlock(fhid, fout, 3, 1, norm, Activation.relu(), true, true));
        this.convS = fin == fout ? null
                : register("conv_s", new Conv2dBlock(fin, fout, 1, 0, Conv2dBlock.Norm.NONE, null, false, false));
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        NDArray shortcut = convS == null ? x : convS.forward(store, x, params);
        NDArray dx = conv1.forward(store, conv0.forward(store, x, params), params);
        return shortcut.add(dx);
    }

    @Override
    protected Shape outputShape(Shape input) {
        return conv1.getOutputShapes(conv0.getOutputShapes(new Shape[] {input}))[0];
    }
}
