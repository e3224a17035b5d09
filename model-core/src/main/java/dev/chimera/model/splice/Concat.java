package dev.chimera.model.splice;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.UnaryModule;

/**
 * The skip U-Net's {@code Concat(1, skip, deeper)}: runs every branch (children "0", "1", ...) on the same input,
 * centre-crops each result to the smallest height and width with offset floor((size − target)/2), and concatenates
 * the channels in branch order. With an odd side the upsampled branch is one pixel larger and loses its last row.
 */
final class Concat extends UnaryModule {

    private final List<UnaryModule> branches = new ArrayList<>();

    Concat(UnaryModule... branches) {
        for (UnaryModule branch : branches) {
            this.branches.add(register(Integer.toString(this.branches.size()), branch));
        }
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        List<NDArray> outputs = new ArrayList<>();
        for (UnaryModule branch : branches) {
            outputs.add(branch.forward(store, x, params));
        }
        long height = outputs.stream().mapToLong(o -> o.getShape().get(2)).min().orElseThrow();
        long width = outputs.stream().mapToLong(o -> o.getShape().get(3)).min().orElseThrow();
        NDList cropped = new NDList();
        for (NDArray out : outputs) {
            cropped.add(centreCrop(out, height, width));
        }
        return NDArrays.concat(cropped, 1);
    }

    /** The central height×width window of x [N, C, H, W], offset floor((size − target)/2) on each axis. */
    static NDArray centreCrop(NDArray x, long height, long width) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        if (h == height && w == width) {
            return x;
        }
        long top = (h - height) / 2;
        long left = (w - width) / 2;
        return x.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + height, left, left + width));
    }

    @Override
    protected Shape outputShape(Shape input) {
        long channels = 0;
        long height = Long.MAX_VALUE;
        long width = Long.MAX_VALUE;
        for (UnaryModule branch : branches) {
            Shape out = branch.getOutputShapes(new Shape[] {input})[0];
            channels += out.get(1);
            height = Math.min(height, out.get(2));
            width = Math.min(width, out.get(3));
        }
        return new Shape(input.get(0), channels, height, width);
    }
}
