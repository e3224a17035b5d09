package dev.chimera.contract.params;

import static dev.chimera.contract.params.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.Method;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InputRoleCheckTest {

    private static List<String> codesAndFields(List<Problem> problems) {
        return problems.stream().map(problem -> problem.code().wireName() + " " + problem.field()).toList();
    }

    @Test
    void theRolesAMethodTakesHaveNoProblems() {
        assertTrue(InputRoleCheck.problems(Method.SPLICE, Set.of("structure", "appearance")).isEmpty());
        assertTrue(InputRoleCheck.problems(Method.CROSSBREED, Set.of("imageA", "imageB")).isEmpty());
    }

    @Test
    void anOptionalRoleMayBeLeftOut() {
        assertTrue(InputRoleCheck.problems(Method.CLVAE, Set.of("labelMap")).isEmpty());
        assertTrue(InputRoleCheck.problems(Method.CLVAE, Set.of("labelMap", "style")).isEmpty());
    }

    @Test
    void eachMissingRequiredRoleIsAProblem() {
        List<Problem> problems = InputRoleCheck.problems(Method.CROSS_IMAGE_ATTENTION, Set.of());
        assertEquals(List.of("missing_input inputs.structure", "missing_input inputs.appearance"),
                codesAndFields(problems));
        assertEquals("cross-image-attention requires an image for structure", problems.get(0).message());
    }

    @Test
    void eachRoleTheMethodDoesNotTakeIsAProblem() {
        List<Problem> problems = InputRoleCheck.problems(Method.CROSSBREED,
                Set.of("imageA", "imageB", "style", "extra"));
        assertEquals(List.of("unexpected_input inputs.extra", "unexpected_input inputs.style"),
                codesAndFields(problems));
        assertEquals("crossbreed takes no image style; it takes imageA, imageB", problems.get(1).message());
    }

    @Test
    void missingAndUnexpectedRolesAreReportedTogether() {
        assertEquals(List.of("missing_input inputs.labelMap", "unexpected_input inputs.structure"),
                codesAndFields(InputRoleCheck.problems(Method.CLVAE, Set.of("structure"))));
    }

    @Test
    void aSubmissionIsCheckedForParamsAndRolesInOnePass() {
        ValidationResult result = ParamsValidation.validateSubmission("transfer", "splice",
                json("{'iterations':-1}"), Set.of("structure", "labelMap"));
        assertEquals(List.of("out_of_range params.iterations", "missing_input inputs.appearance",
                "unexpected_input inputs.labelMap"), codesAndFields(result.problems()));
    }

    @Test
    void aSubmissionWithAnUnknownMethodSkipsTheRoleCheck() {
        ValidationResult result = ParamsValidation.validateSubmission("transfer", "stylegan", json("{}"),
                Set.of("anything"));
        assertEquals(List.of("unknown_method method"), codesAndFields(result.problems()));
    }

    @Test
    void clvaeIsStyleGuidedWhenAStyleImageIsSuppliedAndTheFlagIsLeftOut() {
        ClvaeParams guided = (ClvaeParams) ParamsValidation.validateSubmission("synthesis", null, json("{}"),
                Set.of("labelMap", "style")).params();
        assertTrue(guided.styleGuided());
        ClvaeParams random = (ClvaeParams) ParamsValidation.validateSubmission("synthesis", null, json("{}"),
                Set.of("labelMap")).params();
        assertFalse(random.styleGuided());
    }

    @Test
    void clvaeStyleGuidedWithoutAStyleImageIsAMissingInput() {
        ValidationResult result = ParamsValidation.validateSubmission("synthesis", "clvae",
                json("{'styleGuided':true}"), Set.of("labelMap"));
        assertEquals(List.of("missing_input inputs.style"), codesAndFields(result.problems()));
    }

    @Test
    void clvaeExplicitlyUnguidedWithAStyleImageIsAnUnexpectedInput() {
        ValidationResult result = ParamsValidation.validateSubmission("synthesis", "clvae",
                json("{'styleGuided':false}"), Set.of("labelMap", "style"));
        assertEquals(List.of("unexpected_input inputs.style"), codesAndFields(result.problems()));
    }

    @Test
    void clvaeExplicitlyGuidedWithAStyleImageIsValid() {
        ValidationResult result = ParamsValidation.validateSubmission("synthesis", "clvae",
                json("{'styleGuided':true,'samples':2}"), Set.of("labelMap", "style"));
        assertEquals(new ClvaeParams(2, true, ClvaeDataset.ADE20K, null), result.params());
    }
}
