package dev.chimera.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The gateway behind its Service, optionally an Ingress and a CPU autoscaler (values/ingress-hpa.yaml). */
class GatewayExposureTest {

    private final Manifests defaults = ChimeraChart.fromBuild().render();
    private final Manifests exposed = ChimeraChart.fromBuild().render(ChimeraChart.values("ingress-hpa.yaml"));

    @Test
    void theServiceSendsTrafficToTheGatewayPodsNamedPort() {
        JsonNode service = defaults.named("Service", "chimera-gateway").path("spec");
        JsonNode podLabels = defaults.named("Deployment", "chimera-gateway")
                .path("spec").path("template").path("metadata").path("labels");

        assertEquals("http", service.path("ports").get(0).path("targetPort").asText());
        service.path("selector").fields().forEachRemaining(label ->
                assertEquals(label.getValue().asText(), podLabels.path(label.getKey()).asText(), label.getKey()));
    }

    @Test
    void ingressAndAutoscalerAreOffByDefault() {
        assertTrue(defaults.ofKind("Ingress").isEmpty());
        assertTrue(defaults.ofKind("HorizontalPodAutoscaler").isEmpty());
        assertEquals(2, defaults.named("Deployment", "chimera-gateway").path("spec").path("replicas").asInt());
    }

    @Test
    void theIngressRoutesItsHostWithTlsToTheGatewayService() {
        JsonNode spec = exposed.named("Ingress", "chimera-gateway").path("spec");
        JsonNode backend = spec.path("rules").get(0).path("http").path("paths").get(0).path("backend").path("service");

        assertEquals("nginx", spec.path("ingressClassName").asText());
        assertEquals("chimera.internal.example.com", spec.path("rules").get(0).path("host").asText());
        assertEquals("chimera-tls", spec.path("tls").get(0).path("secretName").asText());
        assertEquals("chimera-gateway", backend.path("name").asText());
        assertEquals("http", backend.path("port").path("name").asText());
    }

    @Test
    void theAutoscalerScalesTheGatewayOnCpuAndOwnsItsReplicaCount() {
        JsonNode spec = exposed.named("HorizontalPodAutoscaler", "chimera-gateway").path("spec");
        JsonNode metric = spec.path("metrics").get(0).path("resource");

        assertEquals("chimera-gateway", spec.path("scaleTargetRef").path("name").asText());
        assertEquals(3, spec.path("minReplicas").asInt());
        assertEquals(12, spec.path("maxReplicas").asInt());
        assertEquals("cpu", metric.path("name").asText());
        assertEquals(60, metric.path("target").path("averageUtilization").asInt());
        assertFalse(exposed.named("Deployment", "chimera-gateway").path("spec").has("replicas"));
    }

    @Test
    void aPodMonitorScrapesEveryServicesMetricsWhenAskedTheGatewaysOnItsManagementPort() {
        assertTrue(defaults.ofKind("PodMonitor").isEmpty());
        JsonNode services = exposed.named("PodMonitor", "chimera");
        JsonNode gateway = exposed.named("PodMonitor", "chimera-gateway");

        assertEquals("prometheus", services.path("metadata").path("labels").path("release").asText());
        assertEquals("/q/metrics", services.path("spec").path("podMetricsEndpoints").get(0).path("path").asText());
        assertEquals("http", services.path("spec").path("podMetricsEndpoints").get(0).path("port").asText());
        assertFalse(services.path("spec").path("selector").toString().contains("\"gateway\""));
        assertEquals("gateway", gateway.path("spec").path("selector").path("matchLabels")
                .path("app.kubernetes.io/component").asText());
        assertEquals("management", gateway.path("spec").path("podMetricsEndpoints").get(0).path("port").asText());
    }

    @Test
    void theManagementPortIsOnThePodButNoServiceOrIngressExposesIt() {
        JsonNode ports = defaults.named("Deployment", "chimera-gateway").path("spec").path("template").path("spec")
                .path("containers").get(0).path("ports");
        JsonNode servicePorts = defaults.named("Service", "chimera-gateway").path("spec").path("ports");
        JsonNode ingressBackend = exposed.named("Ingress", "chimera-gateway").path("spec").path("rules").get(0)
                .path("http").path("paths").get(0).path("backend").path("service").path("port");

        assertEquals("management", ports.get(1).path("name").asText());
        assertEquals(9000, ports.get(1).path("containerPort").asInt());
        assertEquals(1, servicePorts.size());
        assertEquals("http", servicePorts.get(0).path("targetPort").asText());
        assertEquals("http", ingressBackend.path("name").asText());
    }

    @Test
    void theGatewayGetsItsManagementPortCorsAllowListAndUploadCapsFromValues() {
        var gateway = defaults.deploymentContainers().stream()
                .filter(c -> c.owner().equals("chimera-gateway")).findFirst().orElseThrow();

        assertEquals("9000", gateway.env("CHIMERA_MANAGEMENT_PORT"));
        assertEquals("0.0.0.0", gateway.env("CHIMERA_MANAGEMENT_HOST"));
        assertEquals("", gateway.env("CHIMERA_CORS_ORIGINS"));
        assertEquals("16", gateway.env("CHIMERA_UPLOADS_MAX_CONCURRENT"));
        assertEquals("4", gateway.env("CHIMERA_UPLOADS_MAX_CONCURRENT_PER_TENANT"));
        assertEquals("chimera-gateway", gateway.envEntry("CHIMERA_ADMIN_KEY")
                .path("valueFrom").path("secretKeyRef").path("name").asText());
    }
}
