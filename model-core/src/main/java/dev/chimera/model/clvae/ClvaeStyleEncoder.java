package dev.chimera.model.clvae;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Conv2d;
import dev.chimera.model.nn.InstanceNorm2d;
import dev.chimera.model.nn.Linear;
import dev.chimera.model.nn.Sequential;
import dev.chimera.model.nn.TorchModule;
import dev.chimera.model.nn.Upsample;

/**
 * Diversifying SMIS's style encoder ({@code encoder.py:ConvEncoder}, 'spectralinstance'): stride-2 3×3 convolutions
 * without bias, each followed by InstanceNorm, give the global mean from the last map and, per class and layer, a
 * mean from the channel-wise maximum over that class's pixels. Only the means are computed: at test time the
 * reference never uses the variances, though {@code fc_var*} are kept so that checkpoints load strictly.
 */
public final class ClvaeStyleEncoder extends TorchModule {

    private static final float SLOPE = 0.2f;

    private final ClvaeConfig config;
    private final List<Sequential> layers = new ArrayList<>();
    private final Linear fcMu;
    private final List<Linear> classMu = new ArrayList<>();

    /** Builds the encoder of {@code config}; tensors are declared, not allocated. */
    public ClvaeStyleEncoder(ClvaeConfig config) {
        this.config = config;
        int ndf = config.encoderNgf();
        int[] channels = {3, ndf, 2 * ndf, 4 * ndf, 8 * ndf, 8 * ndf, 8 * ndf};
        for (int i = 1; i <= config.encoderLayers(); i++) {
            layers.add(register("layer" + i, new Sequential()
                    .add(Conv2d.builder(channels[i - 1], channels[i], 3).stride(2).padding(1).bias(false).build())
                    .add(new InstanceNorm2d(channels[i]))));
        }
        int side = config.encoderFinalSide();
        this.fcMu = register("fc_mu", new Linear(8 * ndf * side * side, config.zDim(), true));
        register("fc_var", new Linear(8 * ndf * side * side, config.zDim(), true));
        for (int l = 1; l <= ClvaeConfig.LATENT_LAYERS; l++) {
            classMu.add(register("fc_mu" + l, new Linear(channels[l], config.zDimLocal(), true)));
            register("fc_var" + l, new Linear(channels[l], config.zDimLocal(), true));
        }
    }

    /** The configuration this encoder was built from. */
    public ClvaeConfig config() {
        return config;
    }

    /**
     * Encodes a style image [B, 3, H, W] in [-1, 1] with its label map [B, 1, H, W] (int64). Both are first resized
     * to the encoder's input size, the image bilinearly, the labels by nearest sampling. Every class of the resized
     * label map gets a [B, 5, z_dim_local] mean whose row l is {@code fc_mu(l+1)} of LeakyReLU(the channel-wise
     * maximum of layer (l+1)'s output over the class's pixels), or exactly zero where the class has no pixel.
     */
    public StyleMeans encode(ParameterStore store, NDArray image, NDArray labelMap) {
        checkInputs(image.getShape(), labelMap.getShape());
        int size = config.encoderInputSize();
        NDArray x = resized(image, size, Upsample.Mode.BILINEAR);
        NDArray labels = resized(labelMap.toType(DataType.FLOAT32, false), size, Upsample.Mode.NEAREST)
                .toType(DataType.INT64, false);
        List<NDArray> features = new ArrayList<>();
        for (int l = 0; l < ClvaeConfig.LATENT_LAYERS; l++) {
            x = layers.get(l).forward(store, l == 0 ? x : Activation.leakyRelu(x, SLOPE), null);
            features.add(x);
        }
        Map<Integer, NDArray> perClass = classMeans(store, features, labels);
        if (config.encoderLayer6()) {
            x = layers.get(5).forward(store, Activation.leakyRelu(x, SLOPE), null);
        }
        NDArray flat = Activation.leakyRelu(x, SLOPE).reshape(x.getShape().get(0), -1);
        return new StyleMeans(perClass, fcMu.forward(store, flat, null));
    }

    private Map<Integer, NDArray> classMeans(ParameterStore store, List<NDArray> features, NDArray labels) {
        List<NDArray> labelsPerLayer = new ArrayList<>();
        for (int l = 0; l < ClvaeConfig.LATENT_LAYERS; l++) {
            labelsPerLayer.add(LabelMaps.downsampled(labels, l + 1));
        }
        Map<Integer, NDArray> means = new LinkedHashMap<>();
        for (int c : LabelMaps.classesIn(labels)) {
            NDList rows = new NDList();
            for (int l = 0; l < ClvaeConfig.LATENT_LAYERS; l++) {
                rows.add(maskedMean(store, l, features.get(l), labelsPerLayer.get(l).eq(c)));
            }
            means.put(c, NDArrays.stack(rows, 1));
        }
        return means;
    }

    /** One row of a class's means: fc_mu(l+1)(lrelu(max over the mask)) per sample, zero where the mask is empty. */
    private NDArray maskedMean(ParameterStore store, int layer, NDArray feature, NDArray mask) {
        long batch = feature.getShape().get(0);
        NDArray present = mask.reshape(batch, -1).toType(DataType.INT32, false).sum(new int[] {1}).gt(0)
                .reshape(batch, 1);
        NDArray pixels = mask.expandDims(1).broadcast(feature.getShape());
        NDArray lowest = feature.getManager().full(feature.getShape(), Float.NEGATIVE_INFINITY);
        NDArray max = NDArrays.where(pixels, feature, lowest).reshape(batch, feature.getShape().get(1), -1)
                .max(new int[] {2});
        // An empty mask leaves -inf, which fc_mu would turn into NaN; those rows are replaced by zeros anyway.
        NDArray safeMax = NDArrays.where(present.broadcast(max.getShape()), max, max.zerosLike());
        NDArray mu = classMu.get(layer).forward(store, Activation.leakyRelu(safeMax, SLOPE), null);
        return NDArrays.where(present.broadcast(mu.getShape()), mu, mu.zerosLike());
    }

    private static NDArray resized(NDArray x, int size, Upsample.Mode mode) {
        Shape s = x.getShape();
        return s.get(2) == size && s.get(3) == size ? x : Upsample.resize(x, size, size, mode);
    }

    private static void checkInputs(Shape image, Shape labelMap) {
        if (image.dimension() != 4 || image.get(1) != 3) {
            throw new IllegalArgumentException("style image must be [B, 3, H, W], got " + image);
        }
        if (labelMap.dimension() != 4 || labelMap.get(1) != 1 || labelMap.get(0) != image.get(0)) {
            throw new IllegalArgumentException("style label map must be [" + image.get(0) + ", 1, H, W], got "
                    + labelMap);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("the style encoder takes an image and its label map");
        }
        return new NDList(encode(store, inputs.get(0), inputs.get(1)).global());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (inputShapes.length != 2) {
            throw new IllegalArgumentException("the style encoder takes an image and its label map");
        }
        checkInputs(inputShapes[0], inputShapes[1]);
        return new Shape[] {new Shape(inputShapes[0].get(0), config.zDim())};
    }
}
