package dev.chimera.model.splice;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.chimera.model.dino.VisionTransformer;
import dev.chimera.model.dino.VitFeatures;

/**
 * Splice's {@code LossG}: the structure terms (key self-similarity of G(A crop) and G(A) against those of their
 * inputs), the appearance terms (CLS of G(A crop) and G(A) against the CLS of the B crop) and the identity term (keys
 * of G(B crop) against those of the B crop), all from the ViT's last block after {@link DinoTransform}. Targets carry
 * no gradient. One ViT pass per image feeds every term that image takes part in.
 */
public final class SpliceLoss {

    /** Splice resizes with {@code max_size=480} whatever the short side. */
    static final int DINO_MAX_SIZE = 480;

    private final VisionTransformer vit;
    private final DinoTransform transform;
    private final SpliceLossConfig config;

    /** A loss over the frozen ViT {@code vit}. */
    public SpliceLoss(VisionTransformer vit, SpliceLossConfig config) {
        this.vit = vit;
        this.config = config;
        this.transform = new DinoTransform(config.dinoSize(), DINO_MAX_SIZE);
    }

    /** The transform images go through before the ViT. */
    public DinoTransform transform() {
        return transform;
    }

    /** The configuration. */
    public SpliceLossConfig config() {
        return config;
    }

    /** The images of one step; {@code entireA} and {@code entireOutput} are null on steps without the entire image. */
    public record Images(NDArray globalA, NDArray globalB, NDArray entireA, NDArray globalOutput,
            NDArray identityOutput, NDArray entireOutput) {
    }

    /** The terms in force at {@code step} for the given images, each image a batch of one. */
    public LossTerms compute(ParameterStore store, Images images, long step) {
        float[] w = config.weightsAt(step);
        VitFeatures globalOut = features(store, images.globalOutput());
        VitFeatures globalB = features(store, images.globalB()).detached();
        Map<String, NDArray> terms = new LinkedHashMap<>();
        if (w[0] > 0) {
            VitFeatures globalA = features(store, images.globalA()).detached();
            terms.put("loss_global_ssim", mse(globalOut.keysSelfSimilarity(), globalA.keysSelfSimilarity()));
        }
        if (w[1] > 0 || w[2] > 0) {
            VitFeatures entireOut = features(store, require(images.entireOutput(), step));
            if (w[1] > 0) {
                VitFeatures entireA = features(store, require(images.entireA(), step)).detached();
                terms.put("loss_entire_ssim", mse(entireOut.keysSelfSimilarity(), entireA.keysSelfSimilarity()));
            }
            if (w[2] > 0) {
                terms.put("loss_entire_cls", mse(entireOut.cls(), globalB.cls()));
            }
        }
        if (w[3] > 0) {
            terms.put("loss_global_cls", mse(globalOut.cls(), globalB.cls()));
        }
        if (w[4] > 0) {
            VitFeatures identityOut = features(store, images.identityOutput());
            terms.put("loss_global_id_B", mse(globalB.keys(), identityOut.keys()));
        }
        String[] order = {"loss_global_ssim", "loss_entire_ssim", "loss_entire_cls", "loss_global_cls",
            "loss_global_id_B"};
        NDArray total = null;
        for (int i = 0; i < order.length; i++) {
            NDArray term = terms.get(order[i]);
            if (term != null) {
                // A scalar tensor made by libtorch: DJL's mul(Number) frees its scalar at once, yet autograd keeps it.
                NDArray weighted = term.mul(term.getManager().full(new Shape(), w[i], term.getDataType()));
                total = total == null ? weighted : total.add(weighted);
            }
        }
        return new LossTerms(terms, total);
    }

    private VitFeatures features(ParameterStore store, NDArray image) {
        if (image.getShape().get(0) != 1) {
            throw new IllegalArgumentException("Splice's losses take one image at a time, got " + image.getShape());
        }
        return vit.features(store, transform.apply(image));
    }

    private static NDArray require(NDArray image, long step) {
        if (image == null) {
            throw new IllegalArgumentException("step " + step + " uses the entire image, but none was given");
        }
        return image;
    }

    private static NDArray mse(NDArray input, NDArray target) {
        return input.sub(target).square().mean();
    }
}
