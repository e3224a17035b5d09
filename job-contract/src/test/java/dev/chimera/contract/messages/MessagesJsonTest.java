package dev.chimera.contract.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessagesJsonTest {

    private static final ObjectMapper JSON = ContractJson.mapper();
    private static final UUID JOB = UUID.fromString("0b4f6f7e-9a4c-4d1e-8b1a-3f2d5c6e7a80");
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant LEASE = Instant.parse("2026-11-21T10:00:30Z");
    private static final Map<String, String> INPUTS =
            Map.of("structure", "inputs/t1/aa.png", "appearance", "inputs/t1/bb.png");

    static Stream<WorkerEvent> oneEventOfEveryType() {
        return Stream.of(
                new WorkerEvent.Started(JOB, 2, "worker-1", NOW, LEASE, "gpu(0)"),
                new WorkerEvent.Heartbeat(JOB, 2, "worker-1", NOW, LEASE),
                WorkerEvent.ProgressReport.training(JOB, 2, "worker-1", NOW, 0.25, "training", 2500, 10_000,
                        "previews/j/p.png", 1.5, 5000.0, Map.of("loss", 12.5, "loss_global_cls", 1.125)),
                new WorkerEvent.CheckpointWritten(JOB, 2, "worker-1", NOW, "checkpoints/j/2/step-2500.ckpt", 2500L),
                new WorkerEvent.InversionCached(JOB, 2, "worker-1", NOW, List.of("appearance", "structure")),
                new WorkerEvent.Succeeded(JOB, 2, "worker-1", NOW, List.of("results/j/out.png")),
                new WorkerEvent.Failed(JOB, 2, "worker-1", NOW, "input_unreadable", "appearance is not a PNG", false),
                new WorkerEvent.Released(JOB, 2, "worker-1", NOW, "checkpoints/j/2/step-2500.ckpt"));
    }

    private static JsonNode params() throws Exception {
        return JSON.readTree("{\"iterations\":500,\"betas\":{\"beta1\":0.0,\"beta2\":0.99}}");
    }

    @Test
    void jobSubmittedSurvivesARoundTrip() throws Exception {
        JobSubmitted sent = JobSubmitted.of(JOB, "acme", JobKind.TRANSFER, Method.SPLICE, 5, params(), INPUTS, NOW,
                NOW.plusSeconds(3600));
        assertEquals(sent, JSON.readValue(JSON.writeValueAsString(sent), JobSubmitted.class));
    }

    @Test
    void jobSubmittedWithoutDeadlineSurvivesARoundTrip() throws Exception {
        JobSubmitted sent = JobSubmitted.of(JOB, "acme", JobKind.MORPHING, Method.CROSSBREED, 0,
                JSON.createObjectNode(), Map.of("imageA", "a", "imageB", "b"), NOW, null);
        assertEquals(sent, JSON.readValue(JSON.writeValueAsString(sent), JobSubmitted.class));
    }

    @Test
    void workOrderSurvivesARoundTrip() throws Exception {
        WorkOrder sent = WorkOrder.of(JOB, 3, "acme", JobKind.TRANSFER, Method.CROSS_IMAGE_ATTENTION, 5, params(),
                INPUTS, "checkpoints/j/2/step-2500.ckpt", NOW, NOW.plusSeconds(600));
        assertEquals(sent, JSON.readValue(JSON.writeValueAsString(sent), WorkOrder.class));
    }

    @Test
    void workOrderWritesWireNamesAndIsoTimes() throws Exception {
        WorkOrder sent = WorkOrder.of(JOB, 1, "acme", JobKind.TRANSFER, Method.CROSS_IMAGE_ATTENTION, 5, params(),
                INPUTS, null, NOW, null);
        JsonNode json = JSON.valueToTree(sent);
        assertEquals(1, json.get("schemaVersion").intValue());
        assertEquals(JOB.toString(), json.get("jobId").textValue());
        assertEquals("transfer", json.get("kind").textValue());
        assertEquals("cross-image-attention", json.get("method").textValue());
        assertEquals("2026-11-21T10:00:00Z", json.get("dispatchedAt").textValue());
        assertEquals(500, json.get("params").get("iterations").intValue());
        assertEquals("inputs/t1/aa.png", json.get("inputKeys").get("structure").textValue());
        assertFalse(json.has("resumeCheckpointKey"));
        assertFalse(json.has("deadline"));
    }

    @ParameterizedTest
    @MethodSource("oneEventOfEveryType")
    void everyWorkerEventSurvivesARoundTripAsItsOwnRecord(WorkerEvent sent) throws Exception {
        assertEquals(sent, JSON.readValue(JSON.writeValueAsString(sent), WorkerEvent.class));
    }

    @Test
    void eventTypesAreWrittenByWireName() {
        assertEquals(List.of("started", "heartbeat", "progress", "checkpoint", "inversion_cached", "succeeded",
                "failed", "released"),
                oneEventOfEveryType().map(event -> JSON.valueToTree(event).get("type").textValue()).toList());
    }

    @Test
    void aProgressEventCarriesOnlyItsOwnPayload() {
        JsonNode json = JSON.valueToTree(
                WorkerEvent.ProgressReport.of(JOB, 1, "w", NOW, 0.5, "inversion", 50L, 100L, null));
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("schemaVersion", "jobId", "attempt", "type", "workerId", "occurredAt", "progress", "stage",
                "step", "totalSteps"), fields);
    }

    @Test
    void controlMessageSurvivesARoundTrip() throws Exception {
        ControlMessage sent = ControlMessage.cancel(JOB, 2, NOW, "user asked");
        String json = JSON.writeValueAsString(sent);
        assertEquals("cancel", JSON.readTree(json).get("command").textValue());
        assertEquals(sent, JSON.readValue(json, ControlMessage.class));
    }

    @Test
    void aMessageOfANewerSchemaVersionWithExtraFieldsIsStillRead() throws Exception {
        String json = "{\"schemaVersion\":2,\"jobId\":\"" + JOB + "\",\"attempt\":1,\"command\":\"cancel\","
                + "\"issuedAt\":\"2026-11-21T10:00:00Z\",\"grace\":\"PT30S\"}";
        ControlMessage read = JSON.readValue(json, ControlMessage.class);
        assertEquals(2, read.schemaVersion());
        assertEquals(ControlCommand.CANCEL, read.command());
    }

    @Test
    void aMessageWithoutSchemaVersionIsRefused() {
        String json = "{\"jobId\":\"" + JOB + "\",\"attempt\":1,\"command\":\"cancel\","
                + "\"issuedAt\":\"2026-11-21T10:00:00Z\"}";
        assertThrows(JsonMappingException.class, () -> JSON.readValue(json, ControlMessage.class));
    }

    @Test
    void anEventOfAnUnknownTypeIsRefused() {
        String json = "{\"schemaVersion\":1,\"jobId\":\"" + JOB + "\",\"attempt\":1,\"type\":\"paused\","
                + "\"workerId\":\"w\",\"occurredAt\":\"2026-11-21T10:00:00Z\"}";
        assertThrows(JsonMappingException.class, () -> JSON.readValue(json, WorkerEvent.class));
    }

    @Test
    void attemptsStartAtOne() {
        assertThrows(IllegalArgumentException.class, () -> ControlMessage.cancel(JOB, 0, NOW, null));
        assertThrows(IllegalArgumentException.class, () -> new WorkerEvent.Started(JOB, 0, "w", NOW, LEASE, "cpu"));
    }

    @Test
    void progressOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> WorkerEvent.ProgressReport.of(JOB, 1, "w", NOW, 1.01, null, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> WorkerEvent.ProgressReport.of(JOB, 1, "w", NOW, -0.01, null, null, null, null));
    }

    @Test
    void aStepBeyondTheTotalIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> WorkerEvent.ProgressReport.of(JOB, 1, "w", NOW, 0.5, null, 11L, 10L, null));
    }

    @Test
    void trainingProgressRefusesNegativeSpeedsAndLossesThatAreNotNumbers() {
        assertThrows(IllegalArgumentException.class, () -> WorkerEvent.ProgressReport.training(JOB, 1, "w", NOW, 0.5,
                "training", 5, 10, null, -1.0, 3.0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> WorkerEvent.ProgressReport.training(JOB, 1, "w", NOW, 0.5,
                "training", 5, 10, null, 1.0, Double.POSITIVE_INFINITY, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> WorkerEvent.ProgressReport.training(JOB, 1, "w", NOW, 0.5,
                "training", 5, 10, null, 1.0, 3.0, Map.of("loss", Double.NaN)));
    }

    @Test
    void trainingProgressKeepsTheLossTermsInTheirOrder() throws Exception {
        Map<String, Double> losses = new java.util.LinkedHashMap<>();
        losses.put("loss_global_ssim", 0.5);
        losses.put("loss_global_cls", 2.0);
        losses.put("loss", 20.5);
        WorkerEvent sent = WorkerEvent.ProgressReport.training(JOB, 1, "w", NOW, 0.5,
                "training", 5, 10, "jobs/j/previews/step-5.png", 2.0, 2.5, losses);
        WorkerEvent.ProgressReport read = (WorkerEvent.ProgressReport) JSON.readValue(JSON.writeValueAsString(sent),
                WorkerEvent.class);
        assertEquals(List.of("loss_global_ssim", "loss_global_cls", "loss"), List.copyOf(read.losses().keySet()));
        assertEquals(2.0, read.stepsPerSecond());
        assertEquals("jobs/j/previews/step-5.png", read.previewKey());
    }

    @Test
    void eachEventTypeRequiresItsPayload() {
        assertThrows(NullPointerException.class, () -> new WorkerEvent.Started(JOB, 1, "w", NOW, null, "cpu"));
        assertThrows(NullPointerException.class, () -> new WorkerEvent.Heartbeat(JOB, 1, "w", NOW, null));
        assertThrows(NullPointerException.class, () -> new WorkerEvent.CheckpointWritten(JOB, 1, "w", NOW, null, 10L));
        assertThrows(NullPointerException.class, () -> new WorkerEvent.InversionCached(JOB, 1, "w", NOW, null));
        assertThrows(IllegalArgumentException.class,
                () -> new WorkerEvent.InversionCached(JOB, 1, "w", NOW, List.of()));
        assertThrows(NullPointerException.class, () -> new WorkerEvent.Succeeded(JOB, 1, "w", NOW, null));
        assertThrows(IllegalArgumentException.class, () -> new WorkerEvent.Succeeded(JOB, 1, "w", NOW, List.of()));
        assertThrows(NullPointerException.class, () -> new WorkerEvent.Failed(JOB, 1, "w", NOW, null, "m", true));
        assertThrows(NullPointerException.class, () -> new WorkerEvent.Failed(JOB, 1, "w", NOW, "c", null, true));
    }

    @Test
    void aSuccessWrittenWhenEveryEventWasOneRecordIsStillRead() throws Exception {
        String json = "{\"schemaVersion\":1,\"jobId\":\"" + JOB + "\",\"attempt\":2,\"type\":\"succeeded\","
                + "\"workerId\":\"w\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"progress\":1.0,"
                + "\"resultKeys\":[\"results/j/out.png\"]}";
        assertEquals(new WorkerEvent.Succeeded(JOB, 2, "w", NOW, List.of("results/j/out.png")),
                JSON.readValue(json, WorkerEvent.class));
    }

    @Test
    void aReleaseBeforeTheFirstCheckpointNeedsNoCheckpointKey() throws Exception {
        WorkerEvent sent = new WorkerEvent.Released(JOB, 1, "w", NOW, null);
        assertEquals(sent, JSON.readValue(JSON.writeValueAsString(sent), WorkerEvent.class));
    }

    @Test
    void aWorkOrderNeedsItsJobIdAndParams() {
        assertThrows(NullPointerException.class, () -> WorkOrder.of(null, 1, "acme", JobKind.TRANSFER, Method.SPLICE,
                0, JSON.createObjectNode(), INPUTS, null, NOW, null));
        assertThrows(NullPointerException.class, () -> WorkOrder.of(JOB, 1, "acme", JobKind.TRANSFER, Method.SPLICE,
                0, null, INPUTS, null, NOW, null));
    }
}
