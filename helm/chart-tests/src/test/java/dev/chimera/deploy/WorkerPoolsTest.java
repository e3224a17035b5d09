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
            assertEquals("chimera-work-" + pool.name(), worker.env("CHIMERA_WORKER_GROUP"), pool.name());
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
    void eachPoolScalesOnThePostgresqlCountOfItsOwnKindsRunningOrAdmissibleJobs() {
        for (Pool pool : POOLS) {
            JsonNode triggers = manifests.named("ScaledObject", pool.deployment()).path("spec").path("triggers");
            assertEquals(1, triggers.size(), pool.name());
            JsonNode trigger = triggers.get(0);
            JsonNode metadata = trigger.path("metadata");
            String query = metadata.path("query").asText();

            assertEquals("postgresql", trigger.path("type").asText());
            assertEquals("postgresql", metadata.path("host").asText(), "the host of database.jdbcUrl");
            assertEquals("5432", metadata.path("port").asText());
            assertEquals("chimera", metadata.path("dbName").asText());
            for (JobKind kind : JobKind.values()) {
                assertEquals(pool.kinds().contains(kind.wireName()), query.contains("'" + kind.wireName() + "'"),
                        pool.name() + " counts exactly its kinds: " + query);
            }
            assertTrue(query.contains("status = 'running'"), "a running job keeps its worker: " + query);
            assertTrue(query.contains("'tenant_quota'"), "jobs held by their tenant's quota wake no worker: " + query);
        }
        JsonNode t4 = manifests.named("ScaledObject", "chimera-worker-fast-t4").path("spec").path("triggers").get(0);
        assertEquals("2", t4.path("metadata").path("targetQueryValue").asText());
        assertEquals("1", t4.path("metadata").path("activationTargetQueryValue").asText());
    }

    @Test
    void theScalersLoginComesFromTheDatabaseSecretThroughATriggerAuthentication() {
        for (Pool pool : POOLS) {
            var worker = container(pool);
            JsonNode trigger = manifests.named("ScaledObject", pool.deployment()).path("spec").path("triggers").get(0);
            String authName = trigger.path("authenticationRef").path("name").asText();
            JsonNode refs = manifests.named("TriggerAuthentication", authName).path("spec").path("secretTargetRef");

            assertFalse(trigger.path("metadata").has("password"), "no credential in the trigger");
            assertEquals(Set.of("userName", "password"), StreamSupport.stream(refs.spliterator(), false)
                    .map(ref -> ref.path("parameter").asText()).collect(Collectors.toSet()));
            for (JsonNode ref : refs) {
                String variable = ref.path("parameter").asText().equals("password") ? "CHIMERA_DB_PASSWORD"
                        : "CHIMERA_DB_USER";
                JsonNode workersSecret = worker.envEntry(variable).path("valueFrom").path("secretKeyRef");
                assertEquals(workersSecret.path("name").asText(), ref.path("name").asText(), "the services' Secret");
                assertEquals(workersSecret.path("key").asText(), ref.path("key").asText());
            }
        }
    }

    @Test
    void everyWorkerOfAPoolSetsTheSameShareGroupStartLockTimeoutDeliveryLimitAndHeartbeat() {
        for (Pool pool : POOLS) {
            var worker = container(pool);
            assertEquals("earliest", worker.env("CHIMERA_WORKER_OFFSET_RESET"));
            assertEquals("30s", worker.env("CHIMERA_WORK_LOCK_TIMEOUT"));
            assertEquals("5", worker.env("CHIMERA_WORK_DELIVERY_LIMIT"));
            assertEquals("200ms", worker.env("CHIMERA_WORK_GROUP_HEARTBEAT"));
        }
    }

    @Test
    void poolsScaleFromZeroToTheirReplicaCeilingWhateverTheirTopicsPartitions() {
        for (Pool pool : POOLS) {
            JsonNode spec = manifests.named("ScaledObject", pool.deployment()).path("spec");
            assertEquals(0, spec.path("minReplicaCount").asInt());
            assertEquals(pool.maxReplicas(), spec.path("maxReplicaCount").asInt());
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
