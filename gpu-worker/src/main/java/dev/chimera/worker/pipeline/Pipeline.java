package dev.chimera.worker.pipeline;

import java.util.Map;

import dev.chimera.contract.Method;
import dev.chimera.contract.params.MethodParams;

/** One generation method run for one job: input images and validated parameters in, result files out. */
public interface Pipeline {

    /** The method this pipeline runs. */
    Method method();

    /**
     * Runs the method.
     *
     * @param inputs the job's input images by role name, as uploaded
     * @throws PipelineFailure when the job cannot succeed (bad input, missing model)
     * @throws JobStoppedException when the job was asked to stop between two steps
     */
    PipelineResult run(MethodParams params, Map<String, byte[]> inputs, JobContext context);
}
