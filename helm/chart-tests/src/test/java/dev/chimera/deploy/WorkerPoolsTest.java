package dev.chimera.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.KafkaTopics;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One Deployment and one KEDA ScaledObject per GPU worker pool, rendered from values/multi-pool.yaml. */
class WorkerPoolsTest {

    /** The pools of multi-pool.yaml: name → kinds, GPUs per pod, replica ceiling. */
    private record Pool(String name, List<String> kinds, int gpus, int maxReplicas) {

        String deployment() {
            return "chimera-worker-" + name;
        }
    }

    private static final List<Pool> POOLS = List.of(
            new Pool("transfer-a100", List.of("transfer"), 2, 4),
            new Pool("fast-t4", List.of("synthesis"), 1, 3),
            new Pool("morph-cpu", List.of("morphing"), 0, 2));
    private static final int WORK_PARTITIONS = 4;

    private static Manifests manifests;

    @BeforeAll
    static void render() {
        manifests = ChimeraChart.fromBuild().render(ChimeraChart.values("multi-pool.yaml"));
    }

    @Test
    void eachPoolIsOneDeploymentReadingOnlyItsOwnKinds() {
        for (Pool pool : POOLS) {
            var worker = container(pool);
            assertEquals(String.join(",", pool.kinds()), worker.env("CHIMERA_WORKER_KINDS"), pool.name());
            assertEquals("chimera-workers-" + pool.name(), worker.env("CHIMERA_WORKER_GROUP"), pool.name());
            assertEquals("metadata.name",
                    worker.envEntry("CHIMERA_WORKER_ID").path("valueFrom").path("fieldRef").path("fieldPath").asText());
        }
        assertEquals(POOLS.size() + 2, manifests.ofKind("Deployment").size());
    }

    @Test
    void theWorkerReadsItsKindsAndGroupFromTheVariablesTheChartSets() {
        ServiceConfig worker = ServiceConfig.of("gpu-worker");

        assertEquals("CHIMERA_WORKER_KINDS", worker.environmentName("chimera.worker.kinds"));
        assertEquals("CHIMERA_WORKER_GROUP", worker.environmentName("chimera.worker.group"));
        assertEquals("CHIMERA_SHUTDOWN_GRACE", worker.environmentName("chimera.worker.shutdown-grace"));
        assertEquals("CHIMERA_MODEL_CACHE", worker.environmentName("chimera.worker.model-cache"));
        assertEquals("CHIMERA_WORKER_ID", worker.environmentName("chimera.worker.id"));
    }

    @Test
    void gpuPoolsRequestTheirGpusAndRunTheCudaImageWhileCpuPoolsRequestNone() {
        for (Pool pool : POOLS) {
            JsonNode resources = container(pool).spec().path("resources");
            String image = container(pool).spec().path("image").asText();
            if (pool.gpus() > 0) {
                assertEquals(pool.gpus(), resources.path("limits").path("nvidia.com/gpu").asInt(), pool.name());
                assertEquals(pool.gpus(), resources.path("requests").path("nvidia.com/gpu").asInt(), pool.name());
                assertTrue(image.endsWith("-cuda"), image);
            } else {
                assertFalse(resources.path("limits").has("nvidia.com/gpu"), pool.name());
                assertTrue(image.endsWith("-cpu"), image);
            }
        }
    }

    @Test
    void eachPoolCarriesItsOwnTolerationsAndNodeSelector() {
        JsonNode a100 = podSpec(POOLS.get(0));
        assertEquals(Set.of("nvidia.com/gpu", "gpu-pool"), keys(a100.path("tolerations")));
        assertEquals("a100", a100.path("nodeSelector").path("cloud.example.com/gpu-type").asText());

        JsonNode t4 = podSpec(POOLS.get(1));
        assertEquals(Set.of("gpu-pool"), keys(t4.path("tolerations")));
        assertEquals("t4", t4.path("tolerations").get(0).path("value").asText());
        assertEquals("t4", t4.path("nodeSelector").path("cloud.example.com/gpu-type").asText());

        JsonNode cpu = podSpec(POOLS.get(2));
        assertTrue(cpu.path("tolerations").isMissingNode());
        assertTrue(cpu.path("nodeSelector").isMissingNode());
    }

    @Test
    void oneScaledObjectPerPoolTargetsThatPoolsDeployment() {
        assertEquals(POOLS.size(), manifests.ofKind("ScaledObject").size());
        for (Pool pool : POOLS) {
            JsonNode target = manifests.named("ScaledObject", pool.deployment()).path("spec").path("scaleTargetRef");
            assertEquals("Deployment", target.path("kind").asText());
            assertEquals(pool.deployment(), target.path("name").asText());
            manifests.named("Deployment", target.path("name").asText());
        }
    }

    @Test
    void eachTriggerNamesAWorkTopicOfThePoolAndThePoolsConsumerGroup() {
        String bootstrap = manifests.named("ConfigMap", "chimera-config").path("data")
                .path("CHIMERA_KAFKA_BOOTSTRAP").asText();
        for (Pool pool : POOLS) {
            var worker = container(pool);
            JsonNode triggers = manifests.named("ScaledObject", pool.deployment()).path("spec").path("triggers");
            Set<String> expectedTopics = pool.kinds().stream()
                    .map(kind -> KafkaTopics.work(JobKind.fromWireName(kind).orElseThrow()))
                    .collect(Collectors.toSet());

            assertEquals(expectedTopics, StreamSupport.stream(triggers.spliterator(), false)
                    .map(t -> t.path("metadata").path("topic").asText()).collect(Collectors.toSet()));
            for (JsonNode trigger : triggers) {
                JsonNode metadata = trigger.path("metadata");
                assertEquals("kafka", trigger.path("type").asText());
                assertEquals(worker.env("CHIMERA_WORKER_GROUP"), metadata.path("consumerGroup").asText());
                assertEquals(bootstrap, metadata.path("bootstrapServers").asText());
                assertEquals(worker.env("CHIMERA_WORKER_OFFSET_RESET"), metadata.path("offsetResetPolicy").asText());
                assertEquals("false", metadata.path("allowIdleConsumers").asText());
                assertTrue(metadata.has("lagThreshold") && metadata.has("activationLagThreshold"));
            }
        }
        JsonNode t4 = manifests.named("ScaledObject", "chimera-worker-fast-t4").path("spec").path("triggers").get(0);
        assertEquals("2", t4.path("metadata").path("lagThreshold").asText());
        assertEquals("1", t4.path("metadata").path("activationLagThreshold").asText());
    }

    @Test
    void poolsScaleFromZeroToNoMoreWorkersThanTheirTopicsHavePartitions() {
        for (Pool pool : POOLS) {
            JsonNode spec = manifests.named("ScaledObject", pool.deployment()).path("spec");
            assertEquals(0, spec.path("minReplicaCount").asInt());
            assertEquals(pool.maxReplicas(), spec.path("maxReplicaCount").asInt());
            assertTrue(pool.maxReplicas() <= WORK_PARTITIONS * pool.kinds().size());
            assertFalse(manifests.named("Deployment", pool.deployment()).path("spec").has("replicas"),
                    "KEDA owns the replica count of " + pool.name());
        }
    }

    @Test
    void withoutKedaPoolsKeepTheSizeTheOperatorGivesThemZeroIncluded() {
        var fixed = ChimeraChart.fromBuild().render(ChimeraChart.values("fixed-pools.yaml"));

        assertTrue(fixed.ofKind("ScaledObject").isEmpty());
        assertEquals(3, fixed.named("Deployment", "chimera-worker-gpu").path("spec").path("replicas").asInt(-1));
        assertEquals(0, fixed.named("Deployment", "chimera-worker-parked").path("spec").path("replicas").asInt(-1));
    }

    @Test
    void aStoppingWorkerHasTimeToCheckpointAndReleaseBeforeItIsKilled() {
        for (Pool pool : POOLS) {
            var worker = container(pool);
            int grace = worker.podSpec().path("terminationGracePeriodSeconds").asInt();
            JsonNode preStop = worker.spec().path("lifecycle").path("preStop").path("exec").path("command");
            int preStopSeconds = Integer.parseInt(preStop.get(preStop.size() - 1).asText());
            int shutdownSeconds = Integer.parseInt(worker.env("CHIMERA_SHUTDOWN_GRACE").replace("s", ""));

            assertEquals("sleep", preStop.get(0).asText());
            assertTrue(grace >= preStopSeconds + shutdownSeconds + 10,
                    pool.name() + ": grace " + grace + " < preStop " + preStopSeconds
                            + " + shutdown " + shutdownSeconds);
        }
        assertEquals(600, podSpec(POOLS.get(0)).path("terminationGracePeriodSeconds").asInt());
        assertEquals("540s", container(POOLS.get(0)).env("CHIMERA_SHUTDOWN_GRACE"));
    }

    @Test
    void theSchemaAcceptsExactlyTheContractsJobKinds() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(
                ChimeraChart.fromBuild().file("values.schema.json").toFile());
        JsonNode kinds = schema.at("/properties/workers/properties/pools/items/properties/kinds/items/enum");

        assertEquals(Arrays.stream(JobKind.values()).map(JobKind::wireName).collect(Collectors.toSet()),
                StreamSupport.stream(kinds.spliterator(), false).map(JsonNode::asText).collect(Collectors.toSet()));
    }

    private static Manifests.Container container(Pool pool) {
        return manifests.deploymentContainers().stream()
                .filter(c -> c.owner().equals(pool.deployment()))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode podSpec(Pool pool) {
        return container(pool).podSpec();
    }

    private static Set<String> keys(JsonNode tolerations) {
        return StreamSupport.stream(tolerations.spliterator(), false)
                .map(t -> t.path("key").asText())
                .collect(Collectors.toSet());
    }
}
