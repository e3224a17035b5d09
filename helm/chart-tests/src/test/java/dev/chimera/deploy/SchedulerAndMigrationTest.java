package dev.chimera.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Two schedulers under a disruption budget, and a schema migrated once per release by a hook Job. */
class SchedulerAndMigrationTest {

    private final Manifests manifests = ChimeraChart.fromBuild().withHooksAsPlainObjects().render();

    @Test
    void twoSchedulersRunUnderADisruptionBudgetThatSelectsThem() {
        JsonNode scheduler = manifests.named("Deployment", "chimera-scheduler");
        JsonNode budget = manifests.named("PodDisruptionBudget", "chimera-scheduler").path("spec");
        JsonNode podLabels = scheduler.path("spec").path("template").path("metadata").path("labels");

        assertEquals(2, scheduler.path("spec").path("replicas").asInt());
        assertEquals(1, budget.path("minAvailable").asInt());
        budget.path("selector").path("matchLabels").fields().forEachRemaining(label ->
                assertEquals(label.getValue().asText(), podLabels.path(label.getKey()).asText(), label.getKey()));
    }

    @Test
    void migrationsRunInAJobBeforeEachInstallAndUpgrade() {
        JsonNode job = manifests.named("Job", "chimera-migrate");
        JsonNode annotations = job.path("metadata").path("annotations");

        assertEquals("pre-install,pre-upgrade", annotations.path(ChimeraChart.VISIBLE_HOOK).asText());
        assertEquals("before-hook-creation,hook-succeeded",
                annotations.path(ChimeraChart.VISIBLE_HOOK + "-delete-policy").asText());
        assertEquals("Never", job.path("spec").path("template").path("spec").path("restartPolicy").asText());
    }

    @Test
    void theJobRunsTheSchemaMigrationTheSchedulerImageCarries() {
        JsonNode container = manifests.named("Job", "chimera-migrate")
                .path("spec").path("template").path("spec").path("containers").get(0);
        List<String> command = StreamSupport.stream(container.path("command").spliterator(), false)
                .map(JsonNode::asText).toList();
        List<String> copiedFolders = Dockerfile.read(
                        ServiceConfig.repository().resolve("deploy/docker/job-scheduler.Dockerfile"))
                .finalStage().stream()
                .filter(i -> i.keyword().equals("COPY"))
                .map(i -> i.arguments().substring(i.arguments().lastIndexOf(' ') + 1))
                .toList();

        String image = container.path("image").asText();
        assertTrue(image.matches(".*/job-scheduler:[^:]+"), image);
        assertEquals(List.of("java", "-cp"), command.subList(0, 2));
        assertEquals("dev.chimera.deploy.SchemaMigration", command.get(3));
        for (String entry : command.get(2).split(":")) {
            String folder = entry.replace("*", "");
            assertTrue(copiedFolders.stream().anyMatch(copied -> (folder + "/").startsWith(copied)),
                    "the scheduler image copies nothing to " + folder + " (it has " + copiedFolders + ")");
        }
        assertTrue(Files.isRegularFile(ServiceConfig.repository()
                .resolve("deploy/docker/schema-migration/SchemaMigration.java")));
    }

    @Test
    void theJobGetsItsDatabaseLoginInlineBecauseHooksRunBeforeTheConfigMapExists() {
        JsonNode container = manifests.named("Job", "chimera-migrate")
                .path("spec").path("template").path("spec").path("containers").get(0);

        assertTrue(container.path("envFrom").isMissingNode());
        assertEquals("jdbc:postgresql://postgresql:5432/chimera",
                env(container, "CHIMERA_DB_URL").path("value").asText());
        assertEquals("chimera-database",
                env(container, "CHIMERA_DB_PASSWORD").path("valueFrom").path("secretKeyRef").path("name").asText());
    }

    @Test
    void theServicesAreToldNotToMigrateWhileTheJobDoes() {
        JsonNode config = manifests.named("ConfigMap", "chimera-config").path("data");

        assertEquals("false", config.path("CHIMERA_DB_MIGRATE_AT_START").asText());
        for (var container : manifests.deploymentContainers()) {
            assertEquals("chimera-config", container.spec().path("envFrom").get(0)
                    .path("configMapRef").path("name").asText(), container.name());
        }
    }

    private static JsonNode env(JsonNode container, String name) {
        return StreamSupport.stream(container.path("env").spliterator(), false)
                .filter(e -> name.equals(e.path("name").asText())).findFirst().orElseThrow();
    }
}
