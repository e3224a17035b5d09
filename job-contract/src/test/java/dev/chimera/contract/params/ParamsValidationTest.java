package dev.chimera.contract.params;

import static dev.chimera.contract.params.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParamsValidationTest {

    private static List<Problem> problems(Method method, String params) {
        return ParamsValidation.validate(method.kind(), Optional.of(method), json(params)).problems();
    }

    private static List<String> codesAndFields(List<Problem> problems) {
        return problems.stream().map(problem -> problem.code().wireName() + " " + problem.field()).toList();
    }

    private static void assertOnlyProblem(ProblemCode code, String field, List<Problem> problems) {
        assertEquals(List.of(code.wireName() + " " + field), codesAndFields(problems));
    }

    @Test
    void problemCodesHaveStableSnakeCaseWireNames() {
        assertEquals(List.of("required", "wrong_type", "out_of_range", "invalid_value", "unknown_field",
                "unknown_kind", "unknown_method", "method_not_for_kind", "missing_input", "unexpected_input",
                "not_an_image", "truncated_image", "image_too_large", "upload_too_large", "unsupported_image_format",
                "image_corrupt", "image_aspect", "unknown_label_class",
                "method_unavailable"),
                Arrays.stream(ProblemCode.values()).map(ProblemCode::wireName).toList());
    }

    @Test
    void aProblemIsWrittenAsCodeFieldAndMessage() {
        JsonNode written = ContractJson.mapper().valueToTree(
                new Problem(ProblemCode.OUT_OF_RANGE, "params.tau", "must be within 0..1, was 2"));
        assertEquals(json("{'code':'out_of_range','field':'params.tau','message':'must be within 0..1, was 2'}"),
                written);
    }

    @Test
    void aNumberBelowItsBoundIsOutOfRange() {
        List<Problem> problems = problems(Method.SPLICE, "{'iterations':0}");
        assertOnlyProblem(ProblemCode.OUT_OF_RANGE, "params.iterations", problems);
        assertEquals("must be within 1..100000, was 0", problems.get(0).message());
    }

    @Test
    void aNumberAboveItsBoundIsOutOfRange() {
        assertOnlyProblem(ProblemCode.OUT_OF_RANGE, "params.tau", problems(Method.CROSSBREED, "{'tau':1.5}"));
        assertOnlyProblem(ProblemCode.OUT_OF_RANGE, "params.frames", problems(Method.CROSSBREED, "{'frames':65}"));
        assertOnlyProblem(ProblemCode.OUT_OF_RANGE, "params.samples", problems(Method.CLVAE, "{'samples':17}"));
    }

    @Test
    void anIntegerTooLargeForAnyFieldIsOutOfRangeNotAnOverflow() {
        assertOnlyProblem(ProblemCode.OUT_OF_RANGE, "params.iterations",
                problems(Method.SPLICE, "{'iterations':4294977296}"));
        assertOnlyProblem(ProblemCode.OUT_OF_RANGE, "params.seed",
                problems(Method.SPLICE, "{'seed':123456789012345678901234567890}"));
    }

    @Test
    void aSeedMustBeAnUnsigned32BitNumber() {
        assertOnlyProblem(ProblemCode.OUT_OF_RANGE, "params.seed", problems(Method.CLVAE, "{'seed':-1}"));
        assertOnlyProblem(ProblemCode.OUT_OF_RANGE, "params.seed", problems(Method.CLVAE, "{'seed':4294967296}"));
        assertTrue(problems(Method.CLVAE, "{'seed':4294967295}").isEmpty());
    }

    @Test
    void aBetaOfOneIsRefusedBecauseAdamWouldDivideByZero() {
        assertOnlyProblem(ProblemCode.OUT_OF_RANGE, "params.betas.beta2",
                problems(Method.SPLICE, "{'betas':{'beta2':1.0}}"));
    }

    @Test
    void skipStepsMustLeaveStepsToRun() {
        List<Problem> problems = problems(Method.CROSS_IMAGE_ATTENTION,
                "{'domain':'cat','inversionSteps':40,'skipSteps':40}");
        assertOnlyProblem(ProblemCode.OUT_OF_RANGE, "params.skipSteps", problems);
        assertEquals("must be below inversionSteps (40), was 40", problems.get(0).message());
    }

    @Test
    void aStepRangeMustNotEndBeforeItStarts() {
        assertOnlyProblem(ProblemCode.OUT_OF_RANGE, "params.swapSteps64.end",
                problems(Method.CROSS_IMAGE_ATTENTION, "{'domain':'cat','swapSteps64':{'start':50,'end':20}}"));
    }

    @Test
    void textWhereANumberBelongsIsTheWrongType() {
        List<Problem> problems = problems(Method.SPLICE, "{'iterations':'10000'}");
        assertOnlyProblem(ProblemCode.WRONG_TYPE, "params.iterations", problems);
        assertEquals("must be an integer, was \"10000\"", problems.get(0).message());
    }

    @Test
    void aFractionWhereAnIntegerBelongsIsTheWrongType() {
        assertOnlyProblem(ProblemCode.WRONG_TYPE, "params.frames", problems(Method.CROSSBREED, "{'frames':7.5}"));
    }

    @Test
    void aWholeNumberWrittenWithADecimalPointIsAnInteger() {
        CrossbreedParams read = (CrossbreedParams) ParamsValidation.validate(JobKind.MORPHING, Optional.empty(),
                json("{'frames':9.0}")).params();
        assertEquals(9, read.frames());
    }

    @Test
    void otherWrongTypesAreReportedPerField() {
        assertOnlyProblem(ProblemCode.WRONG_TYPE, "params.disentangled",
                problems(Method.CROSSBREED, "{'disentangled':'yes'}"));
        assertOnlyProblem(ProblemCode.WRONG_TYPE, "params.learningRate",
                problems(Method.SPLICE, "{'learningRate':[0.1]}"));
        assertOnlyProblem(ProblemCode.WRONG_TYPE, "params.dinoVariant", problems(Method.SPLICE, "{'dinoVariant':8}"));
        assertOnlyProblem(ProblemCode.WRONG_TYPE, "params.betas", problems(Method.SPLICE, "{'betas':[0,0.99]}"));
        assertOnlyProblem(ProblemCode.WRONG_TYPE, "params.domain",
                problems(Method.CROSS_IMAGE_ATTENTION, "{'domain':7}"));
    }

    @Test
    void paramsThatAreNotAnObjectAreTheWrongType() {
        assertOnlyProblem(ProblemCode.WRONG_TYPE, "params", problems(Method.SPLICE, "[1,2]"));
    }

    @Test
    void aChoiceOutsideTheListIsAnInvalidValue() {
        List<Problem> problems = problems(Method.SPLICE, "{'dinoVariant':'vit_l14'}");
        assertOnlyProblem(ProblemCode.INVALID_VALUE, "params.dinoVariant", problems);
        assertEquals("must be one of vit_s16, vit_s8, vit_b16, vit_b8, was \"vit_l14\"", problems.get(0).message());
        assertOnlyProblem(ProblemCode.INVALID_VALUE, "params.dataset", problems(Method.CLVAE, "{'dataset':'gta5'}"));
    }

    @Test
    void aDomainMustBeAShortNounPhrase() {
        assertOnlyProblem(ProblemCode.INVALID_VALUE, "params.domain",
                problems(Method.CROSS_IMAGE_ATTENTION, "{'domain':'42 cats'}"));
        assertOnlyProblem(ProblemCode.INVALID_VALUE, "params.domain",
                problems(Method.CROSS_IMAGE_ATTENTION, "{'domain':'" + "a".repeat(49) + "'}"));
        assertTrue(problems(Method.CROSS_IMAGE_ATTENTION, "{'domain':'sports car'}").isEmpty());
    }

    @Test
    void crossImageAttentionRequiresADomain() {
        assertOnlyProblem(ProblemCode.REQUIRED, "params.domain", problems(Method.CROSS_IMAGE_ATTENTION, "{}"));
        assertOnlyProblem(ProblemCode.REQUIRED, "params.domain",
                problems(Method.CROSS_IMAGE_ATTENTION, "{'domain':'  '}"));
    }

    @Test
    void aFieldTheMethodDoesNotHaveIsUnknown() {
        List<Problem> problems = problems(Method.SPLICE, "{'iteration':5}");
        assertOnlyProblem(ProblemCode.UNKNOWN_FIELD, "params.iteration", problems);
        assertTrue(problems.get(0).message().contains("iterations"));
    }

    @Test
    void anotherMethodsFieldIsUnknown() {
        assertOnlyProblem(ProblemCode.UNKNOWN_FIELD, "params.tau", problems(Method.SPLICE, "{'tau':0.3}"));
    }

    @Test
    void anUnknownNestedFieldIsReportedWithItsPath() {
        assertOnlyProblem(ProblemCode.UNKNOWN_FIELD, "params.lossWeights.style",
                problems(Method.SPLICE, "{'lossWeights':{'style':3}}"));
    }

    @Test
    void aMissingKindIsRequired() {
        assertOnlyProblem(ProblemCode.REQUIRED, "kind", ParamsValidation.validateWireNames(null, null, json("{}")).problems());
    }

    @Test
    void anUnknownKindIsReportedAndAKnownMethodsParamsAreStillChecked() {
        ValidationResult result = ParamsValidation.validateWireNames("upscale", "splice", json("{'iterations':0}"));
        assertEquals(List.of("unknown_kind kind", "out_of_range params.iterations"),
                codesAndFields(result.problems()));
    }

    @Test
    void anUnknownMethodIsReported() {
        assertOnlyProblem(ProblemCode.UNKNOWN_METHOD, "method",
                ParamsValidation.validateWireNames("transfer", "stylegan", json("{}")).problems());
    }

    @Test
    void aMethodOfAnotherKindIsReported() {
        List<Problem> problems = ParamsValidation.validateWireNames("transfer", "clvae", json("{}")).problems();
        assertOnlyProblem(ProblemCode.METHOD_NOT_FOR_KIND, "method", problems);
        assertEquals("clvae serves synthesis jobs, not transfer", problems.get(0).message());
        assertOnlyProblem(ProblemCode.METHOD_NOT_FOR_KIND, "method",
                ParamsValidation.validate(JobKind.MORPHING, Optional.of(Method.SPLICE), json("{}")).problems());
    }

    @Test
    void wireNamesOfAValidSubmissionGiveTypedParams() {
        ValidationResult result = ParamsValidation.validateWireNames("transfer", "cross-image-attention",
                json("{'domain':'dog','seed':3}"));
        assertTrue(result.isValid());
        CrossImageAttentionParams params = (CrossImageAttentionParams) result.params();
        assertEquals("dog", params.domain());
        assertEquals(3L, params.seed());
    }

    @Test
    void everyProblemIsReportedAtOnceInFieldOrder() {
        List<Problem> problems = problems(Method.SPLICE, "{'iterations':0,'learningRate':'fast',"
                + "'betas':{'beta2':1.5,'gamma':1},'dinoVariant':'vit_l14','checkpointIntervalSeconds':5,"
                + "'seed':-3,'epochs':2}");
        assertEquals(List.of(
                "out_of_range params.iterations",
                "wrong_type params.learningRate",
                "out_of_range params.betas.beta2",
                "unknown_field params.betas.gamma",
                "invalid_value params.dinoVariant",
                "out_of_range params.checkpointIntervalSeconds",
                "out_of_range params.seed",
                "unknown_field params.epochs"), codesAndFields(problems));
    }

    @Test
    void kindMethodAndParamsProblemsComeTogether() {
        ValidationResult result = ParamsValidation.validateWireNames("morphing", "cross-image-attention",
                json("{'skipSteps':'many','colour':'red'}"));
        assertEquals(List.of("method_not_for_kind method", "required params.domain", "wrong_type params.skipSteps",
                "unknown_field params.colour"), codesAndFields(result.problems()));
    }

    @Test
    void anInvalidResultHasNoParams() {
        ValidationResult result = ParamsValidation.validateWireNames("transfer", null, json("{'iterations':0}"));
        assertFalse(result.isValid());
        assertThrows(IllegalStateException.class, result::params);
    }
}
