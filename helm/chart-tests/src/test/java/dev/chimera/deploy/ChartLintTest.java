package dev.chimera.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The chart passes Helm's own checks with its default values. */
class ChartLintTest {

    @Test
    void lintsWithoutWarningsInStrictMode() {
        var result = ChimeraChart.fromBuild().lintStrict();

        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }

    @Test
    void rendersTheDefaultValuesIntoTheWholeRelease() {
        var manifests = ChimeraChart.fromBuild().withHooksAsPlainObjects().render();

        assertEquals(Set.of("chimera-gateway", "chimera-scheduler", "chimera-worker-gpu"),
                manifests.ofKind("Deployment").stream()
                        .map(d -> d.path("metadata").path("name").asText())
                        .collect(Collectors.toSet()));
        assertEquals(1, manifests.ofKind("ScaledObject").size());
        assertEquals(1, manifests.ofKind("Job").size());
    }

    @Test
    void theChartsAppVersionIsTheVersionTheBuildTagsItsImagesWith() throws IOException {
        Matcher version = Pattern.compile("<artifactId>chimera-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ServiceConfig.repository().resolve("pom.xml")));
        assertTrue(version.find());

        String appVersion = new ObjectMapper(new YAMLFactory())
                .readTree(ChimeraChart.fromBuild().file("Chart.yaml").toFile()).path("appVersion").asText();
        assertEquals(version.group(1), appVersion);
        assertTrue(ChimeraChart.fromBuild().render().deploymentContainers().stream()
                .allMatch(c -> c.spec().path("image").asText().contains(":" + appVersion)));
    }
}
