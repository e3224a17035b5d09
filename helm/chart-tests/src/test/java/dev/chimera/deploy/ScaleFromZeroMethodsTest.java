package dev.chimera.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway accepts, without a live worker, the methods of the pools KEDA scales from zero (the methods the worker
 * image implements for their kinds), and never cross-image-attention, which no worker implements.
 */
class ScaleFromZeroMethodsTest {

    private static List<String> scaleFromZeroMethods(Path... values) {
        String listed = ChimeraChart.fromBuild().render(values).deploymentContainers().stream()
                .filter(container -> container.owner().equals("chimera-gateway")).findFirst().orElseThrow()
                .env("CHIMERA_SCALE_FROM_ZERO_METHODS");
        return listed.isEmpty() ? List.of() : List.of(listed.split(","));
    }

    @Test
    void theDefaultGpuPoolScalesFromZeroForTheMethodsOfAllItsKinds() {
        assertEquals(List.of("splice", "clvae", "crossbreed"), scaleFromZeroMethods());
    }

    @Test
    void everyPoolAddsTheMethodsOfItsOwnKinds() {
        assertEquals(List.of("splice", "clvae", "crossbreed"),
                scaleFromZeroMethods(ChimeraChart.values("multi-pool.yaml")));
        assertEquals(List.of("crossbreed"), scaleFromZeroMethods(ChimeraChart.values("morphing-only.yaml")));
    }

    @Test
    void poolsOfAFixedSizeListNothingBecauseTheirWorkersAnnounceThemselves() {
        assertEquals(List.of(), scaleFromZeroMethods(ChimeraChart.values("fixed-pools.yaml")));
    }

    @Test
    void everyListedNameIsAMethodOfTheContractAndNoneIsCrossImageAttention() {
        List<String> contract = Arrays.stream(Method.values()).map(Method::wireName).toList();
        for (String method : scaleFromZeroMethods(ChimeraChart.values("multi-pool.yaml"))) {
            assertTrue(contract.contains(method), method);
        }
        assertTrue(contract.contains("cross-image-attention"));
        assertFalse(scaleFromZeroMethods().contains("cross-image-attention"));
    }

    @Test
    void theGatewayReadsTheVariableTheChartSets() {
        assertTrue(ServiceEnvironment.of("api-gateway").reads("CHIMERA_SCALE_FROM_ZERO_METHODS"));
    }
}
