package dev.chimera.worker.service;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import ai.djl.Device;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.contract.params.MethodParams;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.worker.models.ModelManifest;
import dev.chimera.worker.pipeline.PipelineResult;
import dev.chimera.worker.pipeline.ResultFile;

/**
 * Writes a finished attempt's files under {@code results/<jobId>/<attempt>/} and then {@code metadata.json}: the
 * method, the parameters used, the weights (family, version, trained or not) and the device. Keys are per attempt,
 * so a superseded attempt never overwrites the results of the one that counts.
 */
final class ResultWriter {

    static final String METADATA = "metadata.json";

    private final ObjectStore objects;

    ResultWriter(ObjectStore objects) {
        this.objects = objects;
    }

    static String prefix(WorkOrder order) {
        return "results/" + order.jobId() + "/" + order.attempt() + "/";
    }

    /** Stores everything and returns the keys, result files first in their order, metadata last. */
    List<String> write(WorkOrder order, MethodParams params, PipelineResult result, Device device, String workerId) {
        String prefix = prefix(order);
        List<String> keys = new ArrayList<>();
        for (ResultFile file : result.files()) {
            objects.put(prefix + file.name(), file.content(), file.contentType());
            keys.add(prefix + file.name());
        }
        objects.put(prefix + METADATA, metadata(order, params, result, device, workerId), "application/json");
        keys.add(prefix + METADATA);
        return keys;
    }

    private static byte[] metadata(WorkOrder order, MethodParams params, PipelineResult result, Device device,
            String workerId) {
        ModelManifest weights = result.weights();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("jobId", order.jobId());
        metadata.put("attempt", order.attempt());
        metadata.put("kind", order.kind());
        metadata.put("method", order.method());
        metadata.put("params", params);
        metadata.put("weights", Map.of("family", weights.family(), "version", weights.version(),
                "trained", weights.trained()));
        metadata.put("trained", weights.trained());
        metadata.put("device", DeviceSelection.name(device));
        metadata.put("workerId", workerId);
        metadata.put("details", result.details());
        metadata.put("files", result.files().stream().map(ResultFile::name).toList());
        try {
            return ContractJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise the result metadata", e);
        }
    }
}
