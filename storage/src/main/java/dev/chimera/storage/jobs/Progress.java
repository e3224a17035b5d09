package dev.chimera.storage.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a running attempt is: a fraction in [0, 1], the stage name, step counters when the stage has them, and
 * what a training stage adds: the key of a preview image written with this report, steps per second, the estimated
 * seconds left and the newest loss terms by name.
 */
public record Progress(double fraction, Optional<String> stage, Optional<Integer> step, Optional<Integer> totalSteps,
        Optional<String> previewKey, Optional<Double> stepsPerSecond, Optional<Double> etaSeconds,
        Map<String, Double> losses) {

    public Progress {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("progress must be within [0, 1]: " + fraction);
        }
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(totalSteps, "totalSteps");
        Objects.requireNonNull(previewKey, "previewKey");
        Objects.requireNonNull(stepsPerSecond, "stepsPerSecond");
        Objects.requireNonNull(etaSeconds, "etaSeconds");
        losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
    }

    /** Progress of a stage without counters or training details. */
    public static Progress of(double fraction, Optional<String> stage, Optional<Integer> step,
            Optional<Integer> totalSteps) {
        return new Progress(fraction, stage, step, totalSteps, Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of());
    }

    /** Progress of a stage that counts steps; the fraction is step / totalSteps. */
    public static Progress ofSteps(String stage, int step, int totalSteps) {
        return of((double) step / totalSteps, Optional.of(stage), Optional.of(step), Optional.of(totalSteps));
    }
}
