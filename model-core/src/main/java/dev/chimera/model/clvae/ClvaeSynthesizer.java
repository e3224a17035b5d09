package dev.chimera.model.clvae;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.chimera.model.weights.SpectralNormFolding;

/**
 * Semantic image synthesis with a loaded clVAE model, as the reference's test.py: random sampling of the global and
 * the per-class, per-layer codes for the classes of a label map, and style-guided synthesis from the encoder's means
 * for the classes a style image shows.
 *
 * <p>Label maps are int64 class indices [B, 1, H, W]. Results and intermediates live in the label map's manager, so
 * a caller bounds their lifetime with a per-request sub-manager.
 */
public final class ClvaeSynthesizer {

    private final ClvaeConfig config;
    private final ClvaeGenerator generator;
    private final ClvaeStyleEncoder encoder;

    /** Wraps loaded networks; {@code encoder} may be null when no style guidance is wanted. */
    public ClvaeSynthesizer(ClvaeGenerator generator, ClvaeStyleEncoder encoder) {
        this.config = generator.config();
        this.generator = generator;
        this.encoder = encoder;
        if (encoder != null && !encoder.config().equals(config)) {
            throw new IllegalArgumentException("generator and encoder were built from different configs");
        }
    }

    /**
     * Builds the networks of {@code config} and loads published state dicts ({@code latest_net_G.pth},
     * {@code latest_net_E.pth}; spectral norm not yet folded) strictly into arrays of {@code manager}.
     * {@code encoderWeights} may be null for a generator-only model.
     *
     * @throws dev.chimera.model.nn.StateDictMismatchException naming every missing, unexpected or misshapen tensor
     */
    public static ClvaeSynthesizer load(ClvaeConfig config, Map<String, NDArray> generatorWeights,
            Map<String, NDArray> encoderWeights, NDManager manager) {
        ClvaeGenerator generator = new ClvaeGenerator(config);
        generator.loadStateDict(SpectralNormFolding.fold(generatorWeights), manager);
        ClvaeStyleEncoder encoder = null;
        if (encoderWeights != null) {
            encoder = new ClvaeStyleEncoder(config);
            encoder.loadStateDict(SpectralNormFolding.fold(encoderWeights), manager);
        }
        return new ClvaeSynthesizer(generator, encoder);
    }

    /** The model's configuration. */
    public ClvaeConfig config() {
        return config;
    }

    /**
     * Draws standard-normal codes, reproducibly from {@code seed}: for every class present anywhere in the batch's
     * label map one [B, 5, z_dim_local] code, in ascending class order, then the global [B, z_dim] code.
     */
    public ClvaeCodes randomCodes(NDArray labelMap, long seed) {
        LabelMaps.check(labelMap, config.semanticNc());
        NDManager manager = labelMap.getManager();
        long batch = labelMap.getShape().get(0);
        Random random = new Random(seed);
        Map<Integer, NDArray> perClass = new LinkedHashMap<>();
        for (int c : LabelMaps.classesIn(labelMap)) {
            perClass.put(c, gaussian(manager, random, new Shape(batch, ClvaeConfig.LATENT_LAYERS,
                    config.zDimLocal())));
        }
        return new ClvaeCodes(gaussian(manager, random, new Shape(batch, config.zDim())), perClass);
    }

    /** Synthesises images in [-1, 1], [B, 3, H', W'] (the generator's raw tanh output). */
    public NDArray sample(NDArray labelMap, ClvaeCodes codes) {
        checkCodes(labelMap, codes);
        ParameterStore store = new ParameterStore(labelMap.getManager(), false);
        return generator.generate(store, labelMap, codes.global(),
                codes.classTable(config.semanticNc(), config.zDimLocal()));
    }

    /** The per-pixel code maps handed to head_0, G_middle_0/1, up_0, up_1 and up_2, coarsest first. */
    public List<NDArray> codeMaps(NDArray labelMap, ClvaeCodes codes) {
        checkCodes(labelMap, codes);
        ParameterStore store = new ParameterStore(labelMap.getManager(), false);
        return generator.codeMaps(store, labelMap, codes.classTable(config.semanticNc(), config.zDimLocal()));
    }

    /** Runs the style encoder on a style image [B, 3, H, W] in [-1, 1] and its label map. */
    public StyleMeans encodeStyle(NDArray styleImage, NDArray styleLabelMap) {
        if (encoder == null) {
            throw new IllegalStateException("this model was loaded without its style encoder (latest_net_E)");
        }
        LabelMaps.check(styleLabelMap, config.semanticNc());
        return encoder.encode(new ParameterStore(styleImage.getManager(), false), styleImage, styleLabelMap);
    }

    /**
     * The codes test.py uses with a style image: the style's mean for every class of {@code labelMap} the style
     * shows, {@code fallback}'s code for the others, and the style's global mean.
     */
    public ClvaeCodes styleGuidedCodes(NDArray labelMap, StyleMeans style, Map<Integer, NDArray> fallback) {
        LabelMaps.check(labelMap, config.semanticNc());
        Map<Integer, NDArray> perClass = new LinkedHashMap<>();
        for (int c : LabelMaps.classesIn(labelMap)) {
            NDArray code = style.perClass().containsKey(c) ? style.perClass().get(c) : fallback.get(c);
            if (code == null) {
                throw new IllegalArgumentException("class " + c
                        + " is missing from the style and has no fallback code");
            }
            perClass.put(c, code);
        }
        return new ClvaeCodes(style.global(), perClass);
    }

    /** Style-guided codes whose fallbacks for classes missing from the style are drawn from {@code seed}. */
    public ClvaeCodes styleGuidedCodes(NDArray labelMap, StyleMeans style, long seed) {
        return styleGuidedCodes(labelMap, style, randomCodes(labelMap, seed).perClass());
    }

    private void checkCodes(NDArray labelMap, ClvaeCodes codes) {
        LabelMaps.check(labelMap, config.semanticNc());
        if (codes.batch() != labelMap.getShape().get(0) || codes.global().getShape().get(1) != config.zDim()) {
            throw new IllegalArgumentException("global code " + codes.global().getShape() + " does not fit batch "
                    + labelMap.getShape().get(0) + " and z_dim " + config.zDim());
        }
        for (int c : LabelMaps.classesIn(labelMap)) {
            NDArray code = codes.perClass().get(c);
            if (code == null) {
                throw new IllegalArgumentException("class " + c + " of the label map has no code");
            }
            if (code.getShape().get(2) != config.zDimLocal()) {
                throw new IllegalArgumentException("code of class " + c + " has shape " + code.getShape()
                        + ", expected width z_dim_local = " + config.zDimLocal());
            }
        }
    }

    private static NDArray gaussian(NDManager manager, Random random, Shape shape) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, shape);
    }
}
