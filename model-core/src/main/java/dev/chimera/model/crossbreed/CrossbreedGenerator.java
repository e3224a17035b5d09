package dev.chimera.model.crossbreed;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.AdainValues;
import dev.chimera.model.nn.AdaptiveInstanceNorm2d;
import dev.chimera.model.nn.TorchModule;

/**
 * The Neural Crossbreed generator (model/neural_crossbreed.py {@code Generator}): a content encoder
 * {@code cont_enc}, a decoder {@code dec} with AdaIN, a style encoder {@code style_enc} and an {@code mlp} from the
 * style code to the decoder's AdaIN parameters. Its forward pass takes (x_A, x_B, a_c, a_s) and returns one frame per
 * entry of a_c and a_s, all in one batch.
 */
public final class CrossbreedGenerator extends TorchModule {

    private final CrossbreedConfig config;
    private final Encoder contEnc;
    private final Decoder dec;
    private final Encoder styleEnc;
    private final Mlp mlp;

    /** Builds the generator's module tree for {@code config}, with unloaded tensors. */
    public CrossbreedGenerator(CrossbreedConfig config) {
        this.config = config;
        this.contEnc = register("cont_enc",
                new Encoder(config.nContDown(), 3, config.nF(), config.nContResBlks(), false));
        this.dec = register("dec", new Decoder(config.nContDown(), contEnc.outputDim(), 3, config.nContResBlks()));
        this.styleEnc = register("style_enc",
                new Encoder(config.nStyleDown(), 3, config.nF(), config.nStyleResBlks(), true));
        this.mlp = register("mlp", new Mlp(config.mlpInput(), config.nMlpF(), AdainValues.count(dec),
                config.nMlpBlks()));
    }

    /** The configuration this generator was built from. */
    public CrossbreedConfig config() {
        return config;
    }

    /** The number of AdaIN parameters the MLP produces per image. */
    public int numAdainParams() {
        return AdainValues.count(dec);
    }

    /** The content code {@code cont_enc(x)} of images [B, 3, H, W]. */
    public NDArray content(ParameterStore store, NDArray x) {
        return contEnc.forward(store, x, null);
    }

    /** The sum-pooled style code {@code style_enc(x)}, [B, style channels]. */
    public NDArray style(ParameterStore store, NDArray x) {
        return styleEnc.forward(store, x, null);
    }

    /** The AdaIN parameters {@code mlp(s)}, [B, numAdainParams()], laid out [mean | std] per layer in module order. */
    public NDArray adainParams(ParameterStore store, NDArray style) {
        return mlp.forward(store, style, null);
    }

    /** Decodes content codes [B, C, h, w] with per-sample AdaIN parameters [B, numAdainParams()]; tanh output. */
    public NDArray decode(ParameterStore store, NDArray content, NDArray adainParams) {
        PairList<String, Object> params = new PairList<>();
        params.add(AdaptiveInstanceNorm2d.PARAMS_KEY, AdainValues.split(adainParams, dec));
        return dec.forward(store, content, params);
    }

    /**
     * The inference branch of {@code Generator.forward(train=False)} for many (a_c, a_s) pairs at once: both images
     * are encoded once, then frame i decodes lerp(z_A, z_B, a_c[i]) with AdaIN from mlp(lerp(s_A, s_B, a_s[i])).
     *
     * @param xA image A, [1, 3, H, W] in [-1, 1]
     * @param xB image B, [1, 3, H, W] in [-1, 1]
     * @param alphaContent a_c, [N]
     * @param alphaStyle a_s, [N]
     * @return the N frames, [N, 3, H, W], raw tanh output
     */
    public NDArray generate(ParameterStore store, NDArray xA, NDArray xB, NDArray alphaContent, NDArray alphaStyle) {
        NDArray z = lerp(content(store, xA), content(store, xB), alphaContent);
        NDArray s = lerp(style(store, xA), style(store, xB), alphaStyle);
        return decode(store, z, adainParams(store, s));
    }

    /** {@code Interp.lerp}: (1 − t)·a + t·b with t [N] broadcast over a's trailing axes, in exactly this form. */
    static NDArray lerp(NDArray a, NDArray b, NDArray t) {
        long[] dims = new long[a.getShape().dimension()];
        Arrays.fill(dims, 1);
        dims[0] = t.size();
        NDArray weight = t.reshape(dims);
        return weight.neg().add(1f).mul(a).add(weight.mul(b));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (inputs.size() != 4) {
            throw new IllegalArgumentException("the generator takes x_A, x_B, a_c, a_s; got " + inputs.size());
        }
        return new NDList(generate(store, inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (inputShapes.length != 4 || !inputShapes[0].equals(inputShapes[1])
                || inputShapes[2].size() != inputShapes[3].size()) {
            throw new IllegalArgumentException("expected x_A, x_B of one shape and a_c, a_s of one length");
        }
        Shape z = contEnc.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        Shape frames = new Shape(inputShapes[2].size(), z.get(1), z.get(2), z.get(3));
        return dec.getOutputShapes(new Shape[] {frames});
    }
}
