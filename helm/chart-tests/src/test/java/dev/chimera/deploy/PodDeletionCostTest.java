package dev.chimera.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Workers keep their pod's controller.kubernetes.io/pod-deletion-cost current: they know their pod, mount their own
 * ServiceAccount's token, may get and patch pods in the release namespace and, with egress restricted, reach the
 * API server. Switched off, none of that is rendered.
 */
class PodDeletionCostTest {

    private static final String TOKEN_DIRECTORY = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final String RBAC_NAME = "chimera-worker-pod-deletion-cost";

    private final ChimeraChart chart = ChimeraChart.fromBuild();
    private final Manifests enabled = chart.render(ChimeraChart.values("multi-pool.yaml"));
    private final Manifests disabled = chart.render(ChimeraChart.values("multi-pool.yaml"),
            ChimeraChart.values("no-pod-deletion-cost.yaml"));

    private static List<Manifests.Container> workers(Manifests manifests) {
        return manifests.deploymentContainers().stream().filter(c -> c.owner().startsWith("chimera-worker-")).toList();
    }

    private static List<Manifests.Container> services(Manifests manifests) {
        return manifests.deploymentContainers().stream().filter(c -> !c.owner().startsWith("chimera-worker-"))
                .toList();
    }

    private static boolean mountsTheToken(Manifests.Container container) {
        return StreamSupport.stream(container.spec().path("volumeMounts").spliterator(), false)
                .anyMatch(mount -> TOKEN_DIRECTORY.equals(mount.path("mountPath").asText()));
    }

    private static boolean hasEnv(Manifests.Container container, String variable) {
        return StreamSupport.stream(container.spec().path("env").spliterator(), false)
                .anyMatch(env -> variable.equals(env.path("name").asText()));
    }

    private static JsonNode tokenVolume(Manifests.Container container) {
        return StreamSupport.stream(container.podSpec().path("volumes").spliterator(), false)
                .filter(volume -> "kube-api-access".equals(volume.path("name").asText()))
                .findFirst().orElseThrow().path("projected").path("sources");
    }

    @Test
    void aRoleLetsOnlyTheWorkersServiceAccountGetAndPatchPodsInTheReleaseNamespace() {
        JsonNode role = enabled.named("Role", RBAC_NAME);
        JsonNode binding = enabled.named("RoleBinding", RBAC_NAME);

        assertEquals(ChimeraChart.NAMESPACE, role.path("metadata").path("namespace").asText());
        assertEquals(1, role.path("rules").size());
        JsonNode rule = role.path("rules").get(0);
        assertEquals("[\"\"]", rule.path("apiGroups").toString());
        assertEquals("[\"pods\"]", rule.path("resources").toString());
        assertEquals("[\"get\",\"patch\"]", rule.path("verbs").toString());
        assertEquals(ChimeraChart.NAMESPACE, binding.path("metadata").path("namespace").asText());
        assertEquals("Role", binding.path("roleRef").path("kind").asText());
        assertEquals(RBAC_NAME, binding.path("roleRef").path("name").asText());
        assertEquals(1, binding.path("subjects").size());
        JsonNode subject = binding.path("subjects").get(0);
        assertEquals("ServiceAccount", subject.path("kind").asText());
        assertEquals("chimera-worker", subject.path("name").asText());
        assertEquals(ChimeraChart.NAMESPACE, subject.path("namespace").asText());
        enabled.named("ServiceAccount", "chimera-worker");
    }

    @Test
    void eachWorkerKnowsItsPodAndTheCostsFromTheDownwardApiAndTheValues() {
        assertEquals(3, workers(enabled).size());
        for (var worker : workers(enabled)) {
            assertEquals("metadata.name", worker.envEntry("CHIMERA_POD_NAME").path("valueFrom").path("fieldRef")
                    .path("fieldPath").asText(), worker.name());
            assertEquals("metadata.namespace", worker.envEntry("CHIMERA_POD_NAMESPACE").path("valueFrom")
                    .path("fieldRef").path("fieldPath").asText(), worker.name());
            assertEquals("1000", worker.env("CHIMERA_POD_DELETION_COST_BUSY"), worker.name());
            assertEquals("0", worker.env("CHIMERA_POD_DELETION_COST_IDLE"), worker.name());
        }
    }

    @Test
    void theWorkerReadsTheVariablesTheChartSets() {
        ServiceConfig worker = ServiceConfig.of("gpu-worker");

        assertEquals("CHIMERA_POD_NAME", worker.environmentName("chimera.worker.pod-name"));
        assertEquals("CHIMERA_POD_NAMESPACE", worker.environmentName("chimera.worker.pod-namespace"));
        assertEquals("CHIMERA_POD_DELETION_COST_BUSY", worker.environmentName("chimera.worker.pod-deletion-cost-busy"));
        assertEquals("CHIMERA_POD_DELETION_COST_IDLE", worker.environmentName("chimera.worker.pod-deletion-cost-idle"));
    }

    @Test
    void onlyWorkersMountAServiceAccountTokenAndOnlyExplicitly() {
        for (var worker : workers(enabled)) {
            assertEquals("chimera-worker", worker.podSpec().path("serviceAccountName").asText(), worker.name());
            assertFalse(worker.podSpec().path("automountServiceAccountToken").asBoolean(true), worker.name());
            assertTrue(mountsTheToken(worker), worker.name());
            JsonNode sources = tokenVolume(worker);
            assertEquals("token", sources.get(0).path("serviceAccountToken").path("path").asText());
            assertEquals("kube-root-ca.crt", sources.get(1).path("configMap").path("name").asText());
            assertEquals("ca.crt", sources.get(1).path("configMap").path("items").get(0).path("path").asText());
        }
        assertFalse(services(enabled).isEmpty());
        for (var service : services(enabled)) {
            assertEquals("chimera", service.podSpec().path("serviceAccountName").asText(), service.name());
            assertFalse(mountsTheToken(service), service.name());
        }
        assertFalse(enabled.named("ServiceAccount", "chimera").path("automountServiceAccountToken").asBoolean(true));
    }

    @Test
    void restrictedEgressLetsOnlyWorkersReachTheApiServer() {
        Manifests restricted = chart.render(ChimeraChart.values("ingress-hpa.yaml"));
        Manifests restrictedWithout = chart.render(ChimeraChart.values("ingress-hpa.yaml"),
                ChimeraChart.values("no-pod-deletion-cost.yaml"));

        JsonNode workerEgress = restricted.named("NetworkPolicy", "chimera-worker").path("spec").path("egress");
        JsonNode apiRule = workerEgress.get(workerEgress.size() - 1);
        assertEquals(List.of(443, 6443), StreamSupport.stream(apiRule.path("ports").spliterator(), false)
                .map(port -> port.path("port").asInt()).toList());
        assertTrue(apiRule.path("to").isMissingNode(), "any address unless networkPolicy.kubernetesApi.to is set");
        assertEquals(3, workerEgress.size(), "DNS, the configured destinations, the API server");
        assertEquals(2, restricted.named("NetworkPolicy", "chimera-gateway").path("spec").path("egress").size());
        assertEquals(2, restrictedWithout.named("NetworkPolicy", "chimera-worker").path("spec").path("egress")
                .size());
    }

    @Test
    void switchedOffThereIsNoRoleNoTokenAndNoPodVariables() {
        assertTrue(disabled.ofKind("Role").isEmpty());
        assertTrue(disabled.ofKind("RoleBinding").isEmpty());
        for (var worker : workers(disabled)) {
            assertFalse(mountsTheToken(worker), worker.name());
            for (String variable : List.of("CHIMERA_POD_NAME", "CHIMERA_POD_NAMESPACE",
                    "CHIMERA_POD_DELETION_COST_BUSY", "CHIMERA_POD_DELETION_COST_IDLE")) {
                assertFalse(hasEnv(worker, variable), worker.name() + " sets " + variable);
            }
        }
        assertEquals(3, workers(disabled).size());
    }
}
