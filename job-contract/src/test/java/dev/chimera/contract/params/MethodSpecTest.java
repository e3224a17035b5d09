package dev.chimera.contract.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.FailureCode;
import dev.chimera.contract.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MethodSpecTest {

    @Test
    void everyMethodIsDeclaredOnceUnderItsOwnName() {
        for (Method method : Method.values()) {
            assertSame(method, method.spec().method());
            assertSame(method, method.spec().defaultParams().method());
            assertEquals(method.spec().paramsType(), method.spec().defaultParams().getClass());
        }
    }

    @Test
    void theDefaultsOfEveryMethodReadBackAsThemselvesOnceTheRequiredFieldsAreGiven() {
        for (Method method : Method.values()) {
            MethodSpec<? extends MethodParams> spec = method.spec();
            ObjectNode json = ContractJson.mapper().valueToTree(spec.defaultParams());
            spec.requiredParams().forEach(field -> json.put(field, "bird"));
            List<Problem> problems = new ArrayList<>();

            MethodParams read = spec.read(json, problems);

            assertEquals(List.of(), problems, method.wireName());
            assertEquals(ContractJson.mapper().valueToTree(read), json, method.wireName());
        }
    }

    @Test
    void aRequiredFieldLeftOutIsAProblem() {
        List<Problem> problems = new ArrayList<>();

        CrossImageAttentionParams.SPEC.read(ContractJson.mapper().createObjectNode(), problems);

        assertEquals(List.of("params.domain"), problems.stream().map(Problem::field).toList());
    }

    @Test
    void onlyTheTrainingMethodCanDivergeAndOnlyLabelMapsCanHoldUnknownClasses() {
        for (Method method : Method.values()) {
            List<FailureCode> codes = method.spec().failureCodes();
            assertEquals(method == Method.SPLICE, codes.contains(FailureCode.TRAINING_DIVERGED), method.wireName());
            assertEquals(method == Method.CLVAE, codes.contains(FailureCode.INVALID_LABEL_MAP), method.wireName());
            assertTrue(codes.contains(FailureCode.UNREADABLE_INPUT), method.wireName());
        }
    }

    @Test
    void everyMethodNamesTheNetworksItsModelIsMadeOfAndNoNetworkServesTwoMethods() {
        List<String> seen = new ArrayList<>();
        for (Method method : Method.values()) {
            List<String> networks = method.spec().goldenNetworks();
            assertFalse(networks.isEmpty(), method.wireName());
            networks.forEach(network -> assertFalse(seen.contains(network), network));
            seen.addAll(networks);
        }
        assertEquals(List.of("dino-vit", "splice-generator"), Method.SPLICE.spec().goldenNetworks());
    }
}
