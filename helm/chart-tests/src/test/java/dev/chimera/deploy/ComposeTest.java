package dev.chimera.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** deploy/compose/docker-compose.yml: the servers, the three services from deploy/docker, an optional GPU worker. */
class ComposeTest {

    private static final Path COMPOSE = ServiceConfig.repository().resolve("deploy/compose");

    private static JsonNode services;

    @BeforeAll
    static void parse() throws IOException {
        services = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.resolve("docker-compose.yml").toFile())
                .path("services");
    }

    @Test
    void runsKafkaInKraftModeWithMinioAndPostgres() {
        assertEquals(Set.of("postgres", "kafka", "minio", "api-gateway", "job-scheduler", "gpu-worker",
                "gpu-worker-cuda"), fieldNames(services));
        JsonNode kafka = services.path("kafka").path("environment");
        assertEquals("broker,controller", kafka.path("KAFKA_PROCESS_ROLES").asText());
        assertTrue(kafka.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText().startsWith("1@"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "api-gateway,     api-gateway,  api-gateway.Dockerfile",
            "job-scheduler,   job-scheduler, job-scheduler.Dockerfile",
            "gpu-worker,      gpu-worker,   gpu-worker.Dockerfile",
            "gpu-worker-cuda, gpu-worker,   gpu-worker-cuda.Dockerfile"})
    void buildsEachServiceFromItsDockerfileAndProbesItsConfiguredPort(String name, String module, String dockerfile) {
        JsonNode service = services.path(name);
        String port = String.valueOf(ServiceConfig.of(module).httpPort());

        assertEquals("deploy/docker/" + dockerfile, service.path("build").path("dockerfile").asText());
        assertTrue(Files.isRegularFile(COMPOSE.resolve(service.path("build").path("context").asText())
                .resolve(service.path("build").path("dockerfile").asText())));
        assertEquals(port, service.path("environment").path("CHIMERA_HTTP_PORT").asText());
        assertTrue(service.path("ports").get(0).asText().endsWith(":" + port), service.path("ports").toString());
        assertTrue(service.path("healthcheck").path("test").toString()
                .contains("http://127.0.0.1:" + port + "/q/health/ready"));
        assertEquals(Set.of("postgres", "kafka", "minio"), fieldNames(service.path("depends_on")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"api-gateway, api-gateway", "job-scheduler, job-scheduler", "gpu-worker, gpu-worker",
            "gpu-worker-cuda, gpu-worker"})
    void givesEachServiceOnlyVariablesItReads(String name, String module) throws IOException {
        JsonNode service = services.path(name);
        var known = ServiceEnvironment.of(module);
        Map<String, String> environment = new HashMap<>(envFile(service.path("env_file").asText()));
        service.path("environment").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));

        assertTrue(environment.keySet().containsAll(Set.of("CHIMERA_DB_URL", "CHIMERA_KAFKA_BOOTSTRAP",
                "CHIMERA_S3_ENDPOINT", "CHIMERA_DB_PASSWORD", "CHIMERA_S3_SECRET_KEY")),
                environment.keySet().toString());
        for (String variable : environment.keySet()) {
            assertTrue(known.reads(variable), module + " reads no " + variable);
        }
        assertEquals("kafka:9092", environment.get("CHIMERA_KAFKA_BOOTSTRAP"));
        assertTrue(environment.get("CHIMERA_DB_URL").startsWith("jdbc:postgresql://postgres:5432/"));
    }

    @Test
    void theCudaWorkerIsOptionalAndReservesAnNvidiaGpu() {
        JsonNode cuda = services.path("gpu-worker-cuda");
        JsonNode device = cuda.path("deploy").path("resources").path("reservations").path("devices").get(0);

        assertEquals("[\"gpu\"]", cuda.path("profiles").toString());
        assertEquals("nvidia", device.path("driver").asText());
        assertEquals("[\"gpu\"]", device.path("capabilities").toString());
        assertTrue(services.path("gpu-worker").path("profiles").isMissingNode());
    }

    @Test
    void theTwoWorkersSplitTheJobKindsAndUseSeparateConsumerGroups() {
        JsonNode cpu = services.path("gpu-worker").path("environment");
        JsonNode cuda = services.path("gpu-worker-cuda").path("environment");
        Set<String> cpuKinds = Set.of(cpu.path("CHIMERA_WORKER_KINDS").asText().split(","));
        Set<String> cudaKinds = Set.of(cuda.path("CHIMERA_WORKER_KINDS").asText().split(","));

        assertTrue(cpuKinds.stream().noneMatch(cudaKinds::contains));
        assertFalse(cpu.path("CHIMERA_WORKER_GROUP").asText().equals(cuda.path("CHIMERA_WORKER_GROUP").asText()));
    }

    private static Map<String, String> envFile(String name) throws IOException {
        return Files.readAllLines(COMPOSE.resolve(name)).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    }

    private static Set<String> fieldNames(JsonNode node) {
        return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false)
                .collect(Collectors.toSet());
    }
}
