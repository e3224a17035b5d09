package dev.chimera.model.clvae;

import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.chimera.model.nn.Upsample;

/** Operations on label maps, int64 class indices [B, 1, H, W], as the reference performs them. */
final class LabelMaps {

    private LabelMaps() {
    }

    /** Checks the layout and that every index is a class of a {@code classes}-channel one-hot map. */
    static void check(NDArray labelMap, int classes) {
        Shape s = labelMap.getShape();
        if (s.dimension() != 4 || s.get(1) != 1 || !labelMap.getDataType().isInteger()) {
            throw new IllegalArgumentException("label map must be integer [B, 1, H, W], got " + labelMap.getDataType()
                    + " " + s);
        }
        long min = labelMap.min().toType(DataType.INT64, false).getLong();
        long max = labelMap.max().toType(DataType.INT64, false).getLong();
        if (min < 0 || max >= classes) {
            throw new IllegalArgumentException("label map holds classes " + min + " to " + max + ", outside 0 to "
                    + (classes - 1));
        }
    }

    /** The distinct classes of a label map, ascending (the reference's {@code label_map.unique()}). */
    static List<Integer> classesIn(NDArray labelMap) {
        return Arrays.stream(labelMap.toType(DataType.INT64, false).toLongArray()).distinct().sorted()
                .mapToObj(c -> (int) c).toList();
    }

    /**
     * {@code F.interpolate(label.float(), size=(int(H/2^i), int(W/2^i)), mode='nearest')} back in int64 and
     * without the channel axis, [B, h, w]: pixel (y, x) takes the label at (floor(y·H/h), floor(x·W/w)).
     */
    static NDArray downsampled(NDArray labelMap, int halvings) {
        Shape shape = labelMap.getShape();
        long height = (long) (shape.get(2) / Math.pow(2, halvings));
        long width = (long) (shape.get(3) / Math.pow(2, halvings));
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("label map " + shape + " is too small for " + halvings
                    + " halvings");
        }
        return Upsample.resize(labelMap.toType(DataType.FLOAT32, false), height, width, Upsample.Mode.NEAREST)
                .squeeze(1).toType(DataType.INT64, false);
    }
}
