package dev.chimera.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway accepts, without a live worker, the methods of the pools KEDA scales from zero: the methods the worker
 * image implements for their kinds.
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
        assertEquals(List.of("splice", "cross-image-attention", "clvae", "crossbreed"), scaleFromZeroMethods());
    }

    @Test
    void everyPoolAddsTheMethodsOfItsOwnKinds() {
        assertEquals(List.of("splice", "cross-image-attention", "clvae", "crossbreed"),
                scaleFromZeroMethods(ChimeraChart.values("multi-pool.yaml")));
        assertEquals(List.of("crossbreed"), scaleFromZeroMethods(ChimeraChart.values("morphing-only.yaml")));
    }

    @Test
    void poolsOfAFixedSizeListNothingBecauseTheirWorkersAnnounceThemselves() {
        assertEquals(List.of(), scaleFromZeroMethods(ChimeraChart.values("fixed-pools.yaml")));
    }

    @Test
    void everyMethodOfTheContractIsListedForTheDefaultPoolAndNothingElse() {
        List<String> contract = Arrays.stream(Method.values()).map(Method::wireName).sorted().toList();
        assertEquals(contract, scaleFromZeroMethods().stream().sorted().toList());
    }

    @Test
    void theGatewayReadsTheVariableTheChartSets() {
        assertTrue(ServiceEnvironment.of("api-gateway").reads("CHIMERA_SCALE_FROM_ZERO_METHODS"));
    }
}
