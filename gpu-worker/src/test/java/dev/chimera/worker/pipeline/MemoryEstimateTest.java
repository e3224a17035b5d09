package dev.chimera.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.chimera.contract.FailureCode;
import dev.chimera.model.clvae.ClvaeConfig;
import dev.chimera.model.crossbreed.CrossbreedConfig;
import dev.chimera.model.dino.VitConfig;
import dev.chimera.model.clip.ClipTextConfig;
import dev.chimera.model.clip.ClipTextModel;
import dev.chimera.model.sd.AutoencoderKL;
import dev.chimera.model.sd.SdUnetConfig;
import dev.chimera.model.sd.SdVaeConfig;
import dev.chimera.model.sd.UNet2DConditionModel;
import dev.chimera.model.splice.SkipConfig;
import dev.chimera.worker.models.DemoWeights;
import dev.chimera.worker.models.Sd15Networks;

class MemoryEstimateTest {

    private static final MemoryBudget DEFAULT_BUDGET = new MemoryBudget(8L << 30);

    @Test
    void decodingCountsEveryPixelOfTheHeaderSoAThinGiantIsNotCheap() {
        assertEquals(20_000L * 28, MemoryEstimate.decodedPicture(new PixelSize(1, 20_000)));
        assertEquals(MemoryEstimate.decodedPicture(new PixelSize(20_000, 1)),
                MemoryEstimate.decodedPicture(new PixelSize(1, 20_000)));
        assertEquals(4_000L * 3_000 * 24, MemoryEstimate.decodedLabelMap(new PixelSize(4_000, 3_000)));
    }

    @Test
    void aLongPictureCostsSpliceMoreThanItsPixelsBecauseTheViTsAttentionGrowsWithTheSquareOfItsTokens() {
        long square = MemoryEstimate.spliceTraining(SkipConfig.splice(), VitConfig.vitB8(), new PixelSize(240, 240));
        long long4 = MemoryEstimate.spliceTraining(SkipConfig.splice(), VitConfig.vitB8(), new PixelSize(480, 120));

        assertTrue(long4 > 4 * square, long4 + " vs " + square);
    }

    @Test
    void theDefaultBudgetTrainsSplicesReferenceSizeAndRefusesAPanorama() {
        long reference = MemoryEstimate.spliceTraining(SkipConfig.splice(), VitConfig.vitB8(),
                new PixelSize(480, 480));
        long panorama = MemoryEstimate.spliceTraining(SkipConfig.splice(), VitConfig.vitB8(),
                new PixelSize(480, 60));

        DEFAULT_BUDGET.require(reference, "the reference size", "smaller images");
        PipelineFailure refused = assertThrows(PipelineFailure.class,
                () -> DEFAULT_BUDGET.require(panorama, "a 480×60 picture", "images closer to square"));
        assertEquals(FailureCode.INPUT_TOO_LARGE, refused.code());
        assertTrue(refused.getMessage().startsWith("this job needs about "), refused.getMessage());
        assertTrue(refused.getMessage().contains("for a 480×60 picture, more than the 8.0 GiB a job may use on this"
                + " worker; images closer to square fit"), refused.getMessage());
    }

    @Test
    void theDefaultBudgetRunsThePublishedModelsWithTheirDefaultParameters() {
        DEFAULT_BUDGET.require(MemoryEstimate.clvaeSampling(ClvaeConfig.deepFashion(), 4, true), "clVAE", "-");
        DEFAULT_BUDGET.require(MemoryEstimate.clvaeSampling(ClvaeConfig.ade20k(), 4, false), "clVAE", "-");
        DEFAULT_BUDGET.require(MemoryEstimate.crossbreedMorph(CrossbreedConfig.published(), 7, true, 7),
                "a morph with its grid", "-");
    }

    @Test
    void moreSamplesFramesAndGridCellsCostMore() {
        assertTrue(MemoryEstimate.clvaeSampling(ClvaeConfig.ade20k(), 8, false)
                > MemoryEstimate.clvaeSampling(ClvaeConfig.ade20k(), 4, false));
        CrossbreedConfig config = CrossbreedConfig.published();
        assertTrue(MemoryEstimate.crossbreedMorph(config, 8, false, 7)
                > MemoryEstimate.crossbreedMorph(config, 4, false, 7));
        assertTrue(MemoryEstimate.crossbreedMorph(config, 4, true, 16)
                > MemoryEstimate.crossbreedMorph(config, 4, true, 8));
    }

    @Test
    void aBudgetMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(0));
    }

    @Test
    void aCiaJobsUnetPassGrowsWithTheSquareOfItsLatentSide() {
        SdUnetConfig sd15 = SdUnetConfig.sd15();
        long at32 = MemoryEstimate.unetElementsPerSample(sd15, 32);
        long at64 = MemoryEstimate.unetElementsPerSample(sd15, 64);

        assertEquals(4 * at32, at64, "every level's tensors have four times the tokens");
        long weights = CrossImageAttentionPipeline.weightElements(networks(sd15, SdVaeConfig.sd15(),
                ClipTextConfig.sd15()));
        assertTrue(MemoryEstimate.crossImageAttention(sd15, SdVaeConfig.sd15(), weights, 768, 100, 4)
                > MemoryEstimate.crossImageAttention(sd15, SdVaeConfig.sd15(), weights, 512, 100, 4));
        assertTrue(MemoryEstimate.crossImageAttention(sd15, SdVaeConfig.sd15(), weights, 512, 100, 4)
                > MemoryEstimate.crossImageAttention(sd15, SdVaeConfig.sd15(), weights, 256, 100, 4));
    }

    @Test
    void theDefaultBudgetRunsTheDemoNetworksAndCountsFullSizeSd15AsItsWeightsPlusABatchOfFourAt64Squared() {
        long demoWeights = CrossImageAttentionPipeline.weightElements(networks(DemoWeights.SD15_UNET,
                DemoWeights.SD15_VAE, DemoWeights.SD15_TEXT_ENCODER));
        long demo = MemoryEstimate.crossImageAttention(DemoWeights.SD15_UNET, DemoWeights.SD15_VAE, demoWeights, 512,
                100, 4);
        DEFAULT_BUDGET.require(demo, "the demo networks", "-");
        assertTrue(demo < (1L << 30), demo + " bytes for networks of " + demoWeights + " weights");

        long weights = CrossImageAttentionPipeline.weightElements(networks(SdUnetConfig.sd15(), SdVaeConfig.sd15(),
                ClipTextConfig.sd15()));
        assertEquals(1_066, weights / 1_000_000, "859.5 M UNet + 83.7 M VAE + 123.1 M text encoder");
        long full = MemoryEstimate.crossImageAttention(SdUnetConfig.sd15(), SdVaeConfig.sd15(), weights, 512, 100,
                4);
        long activations = full - 4 * weights;
        assertTrue(activations > (1L << 30) && activations < (2L << 30),
                "a batch-4 pass at 64² latents counts 1-2 GiB besides the weights: " + activations);
        DEFAULT_BUDGET.require(full, "full-size SD 1.5 in float32", "-");
        PipelineFailure refused = assertThrows(PipelineFailure.class, () -> new MemoryBudget(4L << 30)
                .require(full, "full-size SD 1.5 in float32", "a larger budget"));
        assertEquals(FailureCode.INPUT_TOO_LARGE, refused.code());
        assertTrue(full / 2 < (4L << 30), "half precision halves every element: " + full / 2);
    }

    private static Sd15Networks networks(SdUnetConfig unet, SdVaeConfig vae, ClipTextConfig text) {
        return new Sd15Networks(new UNet2DConditionModel(unet), new AutoencoderKL(vae), new ClipTextModel(text), null);
    }
}
