package dev.chimera.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.chimera.contract.FailureCode;
import dev.chimera.model.clvae.ClvaeConfig;
import dev.chimera.model.crossbreed.CrossbreedConfig;
import dev.chimera.model.dino.VitConfig;
import dev.chimera.model.splice.SkipConfig;

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
}
