package dev.chimera.model.clvae;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Conv2d;
import dev.chimera.model.nn.Embedding;
import dev.chimera.model.nn.Linear;
import dev.chimera.model.nn.SpadeResnetBlock;
import dev.chimera.model.nn.TorchModule;
import dev.chimera.model.nn.Upsample;

/**
 * Diversifying SMIS's SPADE generator ({@code generator.py:SPADEGenerator} with {@code use_vae}): {@code fc} turns
 * the global code into the start map, then SPADE resnet blocks, each conditioned on a map of per-pixel codes
 * {@code embedding(label) + z[label][layer]} at its scale, grow it to the image; {@code up_3} (and {@code up_4})
 * read the one-hot label map instead.
 *
 * <p>Inputs of the block form: label map [B, 1, H, W] (int64 class indices), global code [B, z_dim] and the class
 * table of {@link ClvaeCodes#classTable}. Tensors keep the reference's names with spectral norm folded.
 */
public final class ClvaeGenerator extends TorchModule {

    private static final float SLOPE = 0.2f;

    private final ClvaeConfig config;
    private final Embedding embedding;
    private final Linear fc;
    private final SpadeResnetBlock head0;
    private final SpadeResnetBlock middle0;
    private final SpadeResnetBlock middle1;
    private final List<SpadeResnetBlock> ups = new ArrayList<>();
    private final Conv2d convImg;

    /** Builds the generator of {@code config}; tensors are declared, not allocated. */
    public ClvaeGenerator(ClvaeConfig config) {
        this.config = config;
        int nf = config.ngf();
        int codeChannels = config.zDimLocal();
        int labels = config.semanticNc();
        int hidden = config.spadeHidden();
        this.embedding = register("embedding", new Embedding(labels, codeChannels));
        this.fc = register("fc", new Linear(config.zDim(),
                16 * nf * config.startHeight() * config.startWidth(), true));
        this.head0 = register("head_0", new SpadeResnetBlock(16 * nf, 16 * nf, codeChannels, hidden));
        this.middle0 = register("G_middle_0", new SpadeResnetBlock(16 * nf, 16 * nf, codeChannels, hidden));
        this.middle1 = register("G_middle_1", new SpadeResnetBlock(16 * nf, 16 * nf, codeChannels, hidden));
        ups.add(register("up_0", new SpadeResnetBlock(16 * nf, 8 * nf, codeChannels, hidden)));
        ups.add(register("up_1", new SpadeResnetBlock(8 * nf, 4 * nf, codeChannels, hidden)));
        ups.add(register("up_2", new SpadeResnetBlock(4 * nf, 2 * nf, codeChannels, hidden)));
        ups.add(register("up_3", new SpadeResnetBlock(2 * nf, nf, labels, hidden)));
        int finalChannels = nf;
        if (config.upsampling() == UpsamplingMode.MOST) {
            ups.add(register("up_4", new SpadeResnetBlock(nf, nf / 2, labels, hidden)));
            finalChannels = nf / 2;
        }
        this.convImg = register("conv_img", Conv2d.builder(finalChannels, 3, 3).padding(1).build());
    }

    /** The configuration this generator was built from. */
    public ClvaeConfig config() {
        return config;
    }

    /**
     * The per-pixel code maps the blocks are conditioned on, coarsest first (the maps handed to head_0, the
     * G_middle blocks, up_0, up_1, up_2): {@code embedding(label_l) + z[label_l][l]} for l = 4 … 0, where label_l is
     * the label map nearest-sampled to {@code (int(H / 2^(l+1)), int(W / 2^(l+1)))}.
     */
    public List<NDArray> codeMaps(ParameterStore store, NDArray labelMap, NDArray classTable) {
        checkInputs(labelMap.getShape(), classTable.getShape());
        long batch = labelMap.getShape().get(0);
        long classes = config.semanticNc();
        NDArray offsets = labelMap.getManager().arange(0L, batch * classes, classes, DataType.INT64)
                .reshape(batch, 1, 1);
        NDArray weight = embedding.weight(store, labelMap);
        List<NDArray> maps = new ArrayList<>();
        for (int layer = ClvaeConfig.LATENT_LAYERS - 1; layer >= 0; layer--) {
            NDArray labels = LabelMaps.downsampled(labelMap, layer + 1);
            NDArray table = classTable.get(":, :, " + layer + ", :").add(weight)
                    .reshape(batch * classes, config.zDimLocal());
            maps.add(Embedding.lookup(labels.add(offsets), table).transpose(0, 3, 1, 2));
        }
        return maps;
    }

    /** Generates images in [-1, 1], [B, 3, H', W'], from the label map and the codes. */
    public NDArray generate(ParameterStore store, NDArray labelMap, NDArray globalCode, NDArray classTable) {
        return decode(store, oneHot(labelMap), codeMaps(store, labelMap, classTable), globalCode);
    }

    /** The generator's body given the one-hot map and the code maps of {@link #codeMaps}. */
    public NDArray decode(ParameterStore store, NDArray oneHot, List<NDArray> codeMaps, NDArray globalCode) {
        NDArray x = fc.forward(store, globalCode, null)
                .reshape(-1, 16L * config.ngf(), config.startHeight(), config.startWidth());
        x = up(head0.forward(store, x, codeMaps.get(0)));
        x = middle0.forward(store, x, codeMaps.get(1));
        if (config.upsampling() != UpsamplingMode.NORMAL) {
            x = up(x);
        }
        x = up(middle1.forward(store, x, codeMaps.get(1)));
        x = up(ups.get(0).forward(store, x, codeMaps.get(2)));
        x = up(ups.get(1).forward(store, x, codeMaps.get(3)));
        x = up(ups.get(2).forward(store, x, codeMaps.get(4)));
        x = ups.get(3).forward(store, x, oneHot);
        if (config.upsampling() == UpsamplingMode.MOST) {
            x = ups.get(4).forward(store, up(x), oneHot);
        }
        return convImg.forward(store, Activation.leakyRelu(x, SLOPE), null).tanh();
    }

    /** The reference's {@code preprocess_input}: label indices [B, 1, H, W] to a float one-hot [B, classes, H, W]. */
    public NDArray oneHot(NDArray labelMap) {
        return labelMap.squeeze(1).oneHot(config.semanticNc(), DataType.FLOAT32).transpose(0, 3, 1, 2);
    }

    private static NDArray up(NDArray x) {
        Shape s = x.getShape();
        return Upsample.resize(x, s.get(2) * 2, s.get(3) * 2, Upsample.Mode.NEAREST);
    }

    private void checkInputs(Shape labelMap, Shape classTable) {
        if (labelMap.dimension() != 4 || labelMap.get(1) != 1) {
            throw new IllegalArgumentException("label map must be [B, 1, H, W], got " + labelMap);
        }
        Shape expected = new Shape(labelMap.get(0), config.semanticNc(), ClvaeConfig.LATENT_LAYERS,
                config.zDimLocal());
        if (!classTable.equals(expected)) {
            throw new IllegalArgumentException("class table must be " + expected + ", got " + classTable);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 3) {
            throw new IllegalArgumentException("the generator takes label map, global code and class table, got "
                    + inputs.size() + " inputs");
        }
        return new NDList(generate(store, inputs.get(0), inputs.get(1), inputs.get(2)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (inputShapes.length != 3) {
            throw new IllegalArgumentException("the generator takes label map, global code and class table");
        }
        checkInputs(inputShapes[0], inputShapes[2]);
        if (!inputShapes[1].equals(new Shape(inputShapes[0].get(0), config.zDim()))) {
            throw new IllegalArgumentException("global code must be [B, " + config.zDim() + "], got "
                    + inputShapes[1]);
        }
        return new Shape[] {new Shape(inputShapes[0].get(0), 3, config.imageHeight(), config.imageWidth())};
    }
}
