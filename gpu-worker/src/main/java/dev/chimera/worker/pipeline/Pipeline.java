package dev.chimera.worker.pipeline;

import dev.chimera.contract.params.MethodParams;
import dev.chimera.contract.params.MethodSpec;

/**
 * One generation method run for one job: its validated parameters and input images in, result files out.
 *
 * @param <P> the method's parameters record
 */
public interface Pipeline<P extends MethodParams> {

    /** The declaration of the method this pipeline runs. */
    MethodSpec<P> spec();

    /**
     * Runs the method.
     *
     * @throws PipelineFailure when the job cannot succeed (bad input, missing model, a diverged training)
     * @throws JobStoppedException when the job was asked to stop between two steps
     */
    PipelineResult run(P params, InputImages inputs, JobContext context);
}
