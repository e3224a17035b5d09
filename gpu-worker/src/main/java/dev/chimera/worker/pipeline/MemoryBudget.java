package dev.chimera.worker.pipeline;

import java.util.Locale;

import dev.chimera.contract.FailureCode;

/**
 * The most memory one job's tensors may take on this worker ({@code CHIMERA_JOB_MEMORY_BUDGET}): each pipeline
 * estimates its job's peak from the parameters, the input sizes and the network before it decodes or allocates
 * anything, and a job over the budget fails {@code input_too_large} instead of taking the worker down.
 */
public record MemoryBudget(long bytes) {

    /** A budget of {@code bytes}; it must be positive. */
    public MemoryBudget {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a job's memory budget must be positive, was " + bytes);
        }
    }

    /**
     * Refuses a job whose estimate exceeds the budget.
     *
     * @param what the job's sizes in the user's terms, e.g. "a 2048×1024 structure image at maxImageSide 512"
     * @param smaller what the user can make smaller, e.g. "smaller images or a smaller maxImageSide"
     * @throws PipelineFailure {@code input_too_large} with a message written for the user
     */
    public void require(long estimatedBytes, String what, String smaller) {
        if (estimatedBytes > bytes) {
            throw new PipelineFailure(FailureCode.INPUT_TOO_LARGE, "this job needs about " + gib(estimatedBytes)
                    + " of memory for " + what + ", more than the " + gib(bytes) + " a job may use on this worker; "
                    + smaller + " fit");
        }
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
