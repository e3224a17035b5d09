package dev.chimera.worker.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far a training run is after one step: {@code step} of {@code totalSteps} steps done, the speed of this
 * attempt, the estimated seconds left, the step's loss terms by name, and the key of a preview image written after
 * this step (null when none was).
 */
public record TrainingReport(String stage, long step, long totalSteps, double stepsPerSecond, double etaSeconds,
        Map<String, Double> losses, String previewKey) {

    /** Keeps the loss terms in order. */
    public TrainingReport {
        losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
    }
}
