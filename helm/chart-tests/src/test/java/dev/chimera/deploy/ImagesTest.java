package dev.chimera.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each image in deploy/docker runs its service the way the service is configured and packaged. */
class ImagesTest {

    private static final Path DOCKER = ServiceConfig.repository().resolve("deploy/docker");
    private static final Pattern POM_PROPERTY = Pattern.compile("<pytorch\\.native\\.version>([^<]+)<");

    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of("api-gateway.Dockerfile", "api-gateway"),
                Arguments.of("job-scheduler.Dockerfile", "job-scheduler"),
                Arguments.of("gpu-worker.Dockerfile", "gpu-worker"),
                Arguments.of("gpu-worker-cuda.Dockerfile", "gpu-worker"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void exposesAndHealthChecksThePortTheServiceIsConfiguredFor(String dockerfile, String module) {
        var image = Dockerfile.read(DOCKER.resolve(dockerfile));
        ServiceConfig service = ServiceConfig.of(module);
        String port = String.valueOf(service.httpPort());

        assertEquals(port, image.only("EXPOSE"));
        assertEquals(port, image.environment().get(service.environmentName("quarkus.http.port")));
        assertEquals("0.0.0.0", image.environment().get(service.environmentName("quarkus.http.host")));
        assertTrue(image.only("HEALTHCHECK").contains("http://127.0.0.1:" + port + "/q/health/live"),
                image.only("HEALTHCHECK"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void startsTheQuarkusFastJarOfItsModuleAsPidOne(String dockerfile, String module) {
        var image = Dockerfile.read(DOCKER.resolve(dockerfile));
        List<String> entrypoint = image.entrypoint();

        assertEquals("java", entrypoint.get(0));
        assertEquals(List.of("-jar", "/deployments/quarkus-run.jar"),
                entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
        assertTrue(image.all().stream()
                        .filter(i -> i.keyword().equals("COPY") && !i.arguments().startsWith("--from"))
                        .allMatch(i -> i.arguments().startsWith(module + "/target/quarkus-app/")
                                || i.arguments().startsWith("deploy/docker/")),
                dockerfile + " copies something other than " + module + "'s fast-jar");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void runsAsTheNonRootUserTheChartExpects(String dockerfile, String module) throws IOException {
        var image = Dockerfile.read(DOCKER.resolve(dockerfile));
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(
                ChimeraChart.fromBuild().file("values.yaml").toFile());
        JsonNode pod = values.path("podSecurityContext");

        assertEquals(pod.path("runAsUser").asText() + ":" + pod.path("runAsGroup").asText(), image.only("USER"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void setsOnlyEnvironmentVariablesItsServiceReads(String dockerfile, String module) {
        var known = ServiceEnvironment.of(module);
        for (String name : Dockerfile.read(DOCKER.resolve(dockerfile)).environment().keySet()) {
            if (name.startsWith("CHIMERA_")) {
                assertTrue(known.reads(name), module + " reads no " + name);
            }
        }
    }

    @Test
    void workerImagesLoadTheLibtorchOfTheBuildsPytorchVersionFromTheImage() throws IOException {
        Matcher pom = POM_PROPERTY.matcher(Files.readString(ServiceConfig.repository().resolve("pom.xml")));
        assertTrue(pom.find());
        String pytorchVersion = pom.group(1);

        for (var flavour : Map.of("gpu-worker.Dockerfile", "cpu", "gpu-worker-cuda.Dockerfile", "cu128").entrySet()) {
            Map<String, String> environment = Dockerfile.read(DOCKER.resolve(flavour.getKey())).environment();
            assertEquals(pytorchVersion, environment.get("PYTORCH_VERSION"), flavour.getKey());
            assertEquals(flavour.getValue(), environment.get("PYTORCH_FLAVOR"), flavour.getKey());
            assertEquals("/opt/libtorch/lib", environment.get("PYTORCH_LIBRARY_PATH"), flavour.getKey());
        }
    }

    @Test
    void theSchedulerImageCompilesAndShipsTheSchemaMigration() {
        var image = Dockerfile.read(DOCKER.resolve("job-scheduler.Dockerfile"));

        assertTrue(image.all().stream().anyMatch(i -> i.keyword().equals("RUN")
                && i.arguments().contains("javac -d /deployments/migration")
                && i.arguments().contains("SchemaMigration.java")));
        assertTrue(image.finalStage().stream().anyMatch(i -> i.keyword().equals("COPY")
                && i.arguments().equals("--from=migration /deployments/migration/ /deployments/migration/")));
    }
}
