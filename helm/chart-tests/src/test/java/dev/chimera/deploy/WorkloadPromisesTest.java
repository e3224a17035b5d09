package dev.chimera.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every workload of the chart promises, whatever the operator's values. */
class WorkloadPromisesTest {

    private static final Pattern CREDENTIAL =
            Pattern.compile("(?i).*(PASSWORD|SECRET|ACCESS_KEY|ADMIN_KEY|TOKEN|_USER$).*");
    private static final Map<String, String> MODULE_OF_CONTAINER = Map.of(
            "api-gateway", "api-gateway", "job-scheduler", "job-scheduler", "gpu-worker", "gpu-worker");

    static Stream<String> valueSets() {
        return Stream.of("", "multi-pool.yaml", "ingress-hpa.yaml", "fixed-pools.yaml");
    }

    private static Manifests render(String valuesFile) {
        var chart = ChimeraChart.fromBuild().withHooksAsPlainObjects();
        return valuesFile.isEmpty() ? chart.render() : chart.render(ChimeraChart.values(valuesFile));
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("valueSets")
    void everyContainerRequestsAndLimitsItsMemory(String valuesFile) {
        List<JsonNode> containers = allContainers(render(valuesFile));

        assertFalse(containers.isEmpty());
        for (JsonNode container : containers) {
            JsonNode resources = container.path("resources");
            assertTrue(resources.path("requests").has("memory"), container.path("name") + " requests no memory");
            assertTrue(resources.path("limits").has("memory"), container.path("name") + " limits no memory");
        }
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("valueSets")
    void everyServiceContainerHasLivenessAndReadinessProbesOnItsHealthEndpoints(String valuesFile) {
        for (var container : render(valuesFile).deploymentContainers()) {
            JsonNode spec = container.spec();
            assertEquals("/q/health/live", spec.path("livenessProbe").path("httpGet").path("path").asText(),
                    container.name());
            assertEquals("/q/health/ready", spec.path("readinessProbe").path("httpGet").path("path").asText(),
                    container.name());
            // The gateway's health with its checks is on the management port, the others' on their only port.
            String port = container.owner().equals("chimera-gateway") ? "management" : "http";
            assertEquals(port, spec.path("livenessProbe").path("httpGet").path("port").asText(), container.name());
            assertEquals(port, spec.path("readinessProbe").path("httpGet").path("port").asText(), container.name());
        }
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("valueSets")
    void everyServiceListensOnAllInterfacesOnItsNamedPort(String valuesFile) {
        var manifests = render(valuesFile);
        JsonNode config = manifests.named("ConfigMap", "chimera-config").path("data");
        assertEquals("0.0.0.0", config.path("CHIMERA_HTTP_HOST").asText());

        for (var container : manifests.deploymentContainers()) {
            ServiceConfig service = ServiceConfig.of(MODULE_OF_CONTAINER.get(container.spec().path("name").asText()));
            JsonNode port = container.spec().path("ports").get(0);
            assertEquals("http", port.path("name").asText(), container.name());
            assertEquals(port.path("containerPort").asText(),
                    container.env(service.environmentName("quarkus.http.port")), container.name());
            assertEquals("CHIMERA_HTTP_HOST", service.environmentName("quarkus.http.host"));
        }
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("valueSets")
    void everyContainerRunsAsNonRootOnAReadOnlyRootWithoutCapabilitiesAndAWritableTmp(String valuesFile) {
        var manifests = render(valuesFile);
        List<JsonNode> podSpecs = new ArrayList<>();
        manifests.ofKind("Deployment").forEach(d -> podSpecs.add(d.path("spec").path("template").path("spec")));
        manifests.ofKind("Job").forEach(j -> podSpecs.add(j.path("spec").path("template").path("spec")));

        for (JsonNode pod : podSpecs) {
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true));
            for (JsonNode container : pod.path("containers")) {
                String name = container.path("name").asText();
                JsonNode security = container.path("securityContext");
                assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), name);
                assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), name);
                assertEquals("[\"ALL\"]", security.path("capabilities").path("drop").toString(), name);
                assertTrue(mountsEmptyDirAt(pod, container, "/tmp"), name + " has no writable /tmp");
            }
        }
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("valueSets")
    void workersCacheModelsOnAWritableVolume(String valuesFile) {
        for (var container : render(valuesFile).deploymentContainers()) {
            if (container.spec().path("name").asText().equals("gpu-worker")) {
                String cache = container.env("CHIMERA_MODEL_CACHE");
                assertTrue(cache.startsWith("/var/cache/chimera/"), cache);
                assertTrue(mountsEmptyDirAt(container.podSpec(), container.spec(), "/var/cache/chimera"),
                        container.name());
            }
        }
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("valueSets")
    void noConfigMapHoldsACredentialAndTheChartCreatesNoSecret(String valuesFile) {
        var manifests = render(valuesFile);

        assertTrue(manifests.ofKind("Secret").isEmpty());
        for (JsonNode configMap : manifests.ofKind("ConfigMap")) {
            configMap.path("data").fields().forEachRemaining(entry -> {
                assertFalse(CREDENTIAL.matcher(entry.getKey()).matches(), "ConfigMap holds " + entry.getKey());
                assertFalse(entry.getValue().asText().matches("(?i).*(password=|://[^/@]+:[^/@]+@).*"),
                        "ConfigMap value of " + entry.getKey() + " carries a credential");
            });
        }
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("valueSets")
    void everyCredentialReachesAContainerOnlyFromASecret(String valuesFile) {
        for (JsonNode container : allContainers(render(valuesFile))) {
            List<String> credentials = new ArrayList<>();
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                if (CREDENTIAL.matcher(name).matches()) {
                    credentials.add(name);
                    assertFalse(env.has("value"), name + " is a literal in " + container.path("name"));
                    assertTrue(env.path("valueFrom").has("secretKeyRef"), name + " is not from a Secret");
                }
            }
            assertTrue(credentials.containsAll(List.of("CHIMERA_DB_USER", "CHIMERA_DB_PASSWORD")),
                    container.path("name") + " gets no database login");
        }
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("valueSets")
    void everyServicePodIsAnnotatedForScrapingItsOwnMetricsPort(String valuesFile) {
        for (JsonNode deployment : render(valuesFile).ofKind("Deployment")) {
            JsonNode template = deployment.path("spec").path("template");
            JsonNode annotations = template.path("metadata").path("annotations");
            JsonNode ports = template.path("spec").path("containers").get(0).path("ports");
            // The gateway's metrics are on its management port, the last it declares.
            String port = ports.get(ports.size() - 1).path("containerPort").asText();
            assertEquals("true", annotations.path("prometheus.io/scrape").asText());
            assertEquals(port, annotations.path("prometheus.io/port").asText());
            assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());
        }
    }

    @ParameterizedTest(name = "values {0}")
    @MethodSource("valueSets")
    void everyVariableTheChartSetsIsOneItsServiceReads(String valuesFile) {
        var manifests = render(valuesFile);
        var readByAnyService = MODULE_OF_CONTAINER.values().stream().map(ServiceEnvironment::of).toList();

        for (var container : manifests.deploymentContainers()) {
            var known = ServiceEnvironment.of(MODULE_OF_CONTAINER.get(container.spec().path("name").asText()));
            for (JsonNode env : container.spec().path("env")) {
                String name = env.path("name").asText();
                assertTrue(known.reads(name) || name.startsWith("QUARKUS_"), container.name() + " reads no " + name);
            }
        }
        manifests.named("ConfigMap", "chimera-config").path("data").fieldNames().forEachRemaining(name ->
                assertTrue(readByAnyService.stream().anyMatch(s -> s.reads(name)),
                        "no service reads " + name));
    }

    /** The containers of every Deployment and of the migration Job. */
    private static List<JsonNode> allContainers(Manifests manifests) {
        List<JsonNode> containers = new ArrayList<>();
        manifests.deploymentContainers().forEach(c -> containers.add(c.spec()));
        manifests.ofKind("Job").forEach(job ->
                job.path("spec").path("template").path("spec").path("containers").forEach(containers::add));
        return containers;
    }

    private static boolean mountsEmptyDirAt(JsonNode pod, JsonNode container, String path) {
        return StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .filter(mount -> path.equals(mount.path("mountPath").asText()))
                .map(mount -> mount.path("name").asText())
                .anyMatch(volume -> StreamSupport.stream(pod.path("volumes").spliterator(), false)
                        .anyMatch(v -> volume.equals(v.path("name").asText()) && v.has("emptyDir")));
    }
}
