package dev.chimera.contract.params;

import static dev.chimera.contract.params.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ParamsDefaultsTest {

    private static MethodParams read(Method method, JsonNode params) {
        ValidationResult result = ParamsValidation.validate(method.kind(), Optional.of(method), params);
        assertEquals(List.of(), result.problems());
        return result.params();
    }

    @Test
    void spliceDefaultsAreTheReferenceTrainingSetup() {
        SpliceParams splice = SpliceParams.defaults();
        assertEquals(10_000, splice.iterations());
        assertEquals(2e-3, splice.learningRate());
        assertEquals(new AdamBetas(0.0, 0.99), splice.betas());
        assertEquals(new SpliceLossWeights(1, 10, 1, 1, 10), splice.lossWeights());
        assertEquals(75, splice.entireImageEvery());
        assertEquals(1, splice.clsWarmup());
        assertEquals(480, splice.maxImageSide());
        assertEquals(DinoVariant.VIT_B8, splice.dinoVariant());
        assertEquals(250, splice.checkpointIntervalSteps());
        assertEquals(300, splice.checkpointIntervalSeconds());
        assertEquals(10, splice.previewIntervalSteps());
        assertNull(splice.seed());
        assertEquals(Method.SPLICE, splice.method());
    }

    @Test
    void crossImageAttentionDefaultsAreTheReferenceConfig() {
        CrossImageAttentionParams cia = CrossImageAttentionParams.defaults("animal");
        assertEquals("animal", cia.domain());
        assertEquals(100, cia.inversionSteps());
        assertEquals(32, cia.skipSteps());
        assertEquals(68, cia.transferSteps());
        assertEquals(3.5, cia.inversionGuidanceScale());
        assertEquals(3.5, cia.swapGuidanceScale());
        assertEquals(1.67, cia.contrastStrength());
        assertTrue(cia.maskedAdain());
        assertEquals(new StepRange(10, 90), cia.swapSteps64());
        assertEquals(new StepRange(10, 70), cia.swapSteps32());
        assertEquals(new StepRange(20, 100), cia.adainSteps());
        assertNull(cia.seed());
        assertEquals(Method.CROSS_IMAGE_ATTENTION, cia.method());
    }

    @Test
    void clvaeDefaultsToFourRandomAde20kSamples() {
        ClvaeParams clvae = ClvaeParams.defaults();
        assertEquals(4, clvae.samples());
        assertFalse(clvae.styleGuided());
        assertEquals(ClvaeDataset.ADE20K, clvae.dataset());
        assertNull(clvae.seed());
        assertEquals(Method.CLVAE, clvae.method());
    }

    @Test
    void crossbreedDefaultsToSevenFramesWithoutGrid() {
        CrossbreedParams crossbreed = CrossbreedParams.defaults();
        assertEquals(7, crossbreed.frames());
        assertFalse(crossbreed.disentangled());
        assertEquals(7, crossbreed.gridSize());
        assertEquals(0.3, crossbreed.tau());
        assertNull(crossbreed.seed());
        assertEquals(Method.CROSSBREED, crossbreed.method());
    }

    @Test
    void anEmptyObjectReadsAsTheDefaults() {
        assertEquals(SpliceParams.defaults(), read(Method.SPLICE, json("{}")));
        assertEquals(ClvaeParams.defaults(), read(Method.CLVAE, json("{}")));
        assertEquals(CrossbreedParams.defaults(), read(Method.CROSSBREED, json("{}")));
        assertEquals(CrossImageAttentionParams.defaults("car"),
                read(Method.CROSS_IMAGE_ATTENTION, json("{'domain':'car'}")));
    }

    @Test
    void absentOrNullParamsReadAsTheDefaults() {
        assertEquals(SpliceParams.defaults(), read(Method.SPLICE, null));
        assertEquals(SpliceParams.defaults(), read(Method.SPLICE, NullNode.instance));
        assertEquals(SpliceParams.defaults(), read(Method.SPLICE, MissingNode.getInstance()));
    }

    @Test
    void aNullFieldTakesItsDefault() {
        assertEquals(SpliceParams.defaults(), read(Method.SPLICE, json("{'iterations':null,'seed':null}")));
    }

    @Test
    void absentNestedFieldsTakeTheirDefaults() {
        SpliceParams splice = (SpliceParams) read(Method.SPLICE,
                json("{'betas':{'beta2':0.999},'lossWeights':{'appearance':5}}"));
        assertEquals(new AdamBetas(0.0, 0.999), splice.betas());
        assertEquals(new SpliceLossWeights(1, 5, 1, 1, 10), splice.lossWeights());
    }

    @Test
    void kindWithoutMethodUsesTheKindsDefaultMethod() {
        assertEquals(ClvaeParams.defaults(),
                ParamsValidation.validate(JobKind.SYNTHESIS, Optional.empty(), json("{}")).params());
        assertEquals(CrossbreedParams.defaults(), ParamsValidation.validateWireNames("morphing", null, json("{}")).params());
    }

    static Stream<MethodParams> paramsWithEveryFieldChanged() {
        return Stream.of(
                new SpliceParams(2000, 1e-3, new AdamBetas(0.5, 0.999), new SpliceLossWeights(2, 20, 0.5, 0, 5),
                        50, 0, 512, DinoVariant.VIT_S16, 100, 60, 25, 42L),
                new CrossImageAttentionParams("sports car", 50, 16, 5.0, 2.5, 1.2, false, new StepRange(5, 40),
                        new StepRange(5, 30), new StepRange(10, 50), 7L),
                new ClvaeParams(16, true, ClvaeDataset.DEEPFASHION, MethodParams.MAX_SEED),
                new CrossbreedParams(64, true, 3, 0.0, 0L));
    }

    @ParameterizedTest
    @MethodSource("paramsWithEveryFieldChanged")
    void paramsWrittenAsJsonReadBackEqual(MethodParams params) {
        JsonNode written = ContractJson.mapper().valueToTree(params);
        assertFalse(written.has("method"));
        assertEquals(params, read(params.method(), written));
    }

    @Test
    void spliceJsonUsesTheDocumentedFieldNames() {
        JsonNode written = ContractJson.mapper().valueToTree(SpliceParams.defaults());
        assertEquals(json("{'iterations':10000,'learningRate':0.002,'betas':{'beta1':0.0,'beta2':0.99},"
                + "'lossWeights':{'structure':1.0,'appearance':10.0,'identity':1.0,'entireImageStructure':1.0,"
                + "'entireImageAppearance':10.0},'entireImageEvery':75,'clsWarmup':1,'maxImageSide':480,"
                + "'dinoVariant':'vit_b8','checkpointIntervalSteps':250,'checkpointIntervalSeconds':300,"
                + "'previewIntervalSteps':10}"), written);
    }
}
