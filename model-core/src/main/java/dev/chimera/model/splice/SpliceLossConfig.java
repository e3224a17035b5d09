package dev.chimera.model.splice;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The loss weights and schedule of Splice's {@code LossG}, named as in its {@code config.yaml}: from step 0 only the
 * CLS appearance term (plus the entire-image terms), from step {@code cls_warmup} on also the structure and identity
 * terms; the entire-image terms apply on every step divisible by {@code entire_A_every}.
 *
 * @param lambdaGlobalCls lambda_global_cls: CLS of G(A crop) against CLS of the B crop
 * @param lambdaGlobalSsim lambda_global_ssim: key self-similarity of G(A crop) against that of the A crop
 * @param lambdaEntireSsim lambda_entire_ssim: the same on the entire A
 * @param lambdaEntireCls lambda_entire_cls: CLS of G(A) against CLS of the B crop
 * @param lambdaGlobalIdentity lambda_global_identity: keys of G(B crop) against keys of the B crop
 * @param clsWarmup cls_warmup: the first step with the structure and identity terms
 * @param entireEvery entire_A_every: the period of the entire-image terms
 * @param dinoSize dino_global_patch_size: the short side images are resized to for the ViT
 */
public record SpliceLossConfig(float lambdaGlobalCls, float lambdaGlobalSsim, float lambdaEntireSsim,
        float lambdaEntireCls, float lambdaGlobalIdentity, int clsWarmup, int entireEvery, int dinoSize) {

    /** Validates the schedule. */
    public SpliceLossConfig {
        if (clsWarmup < 0 || entireEvery <= 0 || dinoSize <= 0) {
            throw new IllegalArgumentException("invalid Splice loss configuration " + this);
        }
    }

    /** Splice's published values: weights 10, 1, 1, 10, 1; CLS only on step 0; entire image every 75 steps; 224 px. */
    public static SpliceLossConfig splice() {
        return new SpliceLossConfig(10, 1, 1, 10, 1, 1, 75, 224);
    }

    /** Reads the config.yaml names from a JSON object such as a golden case's {@code hyperparameters.loss_config}. */
    public static SpliceLossConfig fromJson(JsonNode json) {
        SpliceLossConfig d = splice();
        return new SpliceLossConfig(
                (float) json.path("lambda_global_cls").asDouble(d.lambdaGlobalCls()),
                (float) json.path("lambda_global_ssim").asDouble(d.lambdaGlobalSsim()),
                (float) json.path("lambda_entire_ssim").asDouble(d.lambdaEntireSsim()),
                (float) json.path("lambda_entire_cls").asDouble(d.lambdaEntireCls()),
                (float) json.path("lambda_global_identity").asDouble(d.lambdaGlobalIdentity()),
                json.path("cls_warmup").asInt(d.clsWarmup()),
                json.path("entire_A_every").asInt(d.entireEvery()),
                json.path("dino_global_patch_size").asInt(d.dinoSize()));
    }

    /** Whether step {@code step} uses the entire image A (and so runs the generator on it). */
    public boolean entireImageStep(long step) {
        return step % entireEvery == 0;
    }

    /** The weights in force at {@code step}, in LossG's order; a zero weight means the term is not computed. */
    public float[] weightsAt(long step) {
        boolean warm = step >= clsWarmup;
        boolean entire = entireImageStep(step);
        return new float[] {
            warm ? lambdaGlobalSsim : 0,
            entire ? lambdaEntireSsim : 0,
            entire ? lambdaEntireCls : 0,
            lambdaGlobalCls,
            warm ? lambdaGlobalIdentity : 0};
    }
}
