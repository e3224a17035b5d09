package dev.chimera.worker.pipeline;

import java.util.List;
import java.util.Map;

import dev.chimera.worker.models.ModelManifest;

/**
 * What a pipeline produced: the files in the order a viewer shows them, the weights that produced them, and details
 * worth keeping in the result metadata (e.g. the seed actually used).
 */
public record PipelineResult(List<ResultFile> files, ModelManifest weights, Map<String, Object> details) {

    /** Copies the lists. */
    public PipelineResult {
        files = List.copyOf(files);
        details = Map.copyOf(details);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a pipeline result needs at least one file");
        }
    }
}
