package dev.chimera.storage.jobs;

import java.util.Objects;
import java.util.Optional;

/** How far a running attempt is: a fraction in [0, 1], the stage name, and step counters when the stage has them. */
public record Progress(double fraction, Optional<String> stage, Optional<Integer> step, Optional<Integer> totalSteps) {

    public Progress {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("progress must be within [0, 1]: " + fraction);
        }
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(totalSteps, "totalSteps");
    }

    /** Progress of a stage that counts steps; the fraction is step / totalSteps. */
    public static Progress ofSteps(String stage, int step, int totalSteps) {
        return new Progress((double) step / totalSteps, Optional.of(stage), Optional.of(step), Optional.of(totalSteps));
    }
}
