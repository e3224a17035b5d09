package dev.chimera.gateway.service;

import dev.chimera.contract.params.Problem;
import java.util.List;

/**
 * A job submission as the client sent it, before validation: wire names, the params text, the images by role, and
 * problems already found while reading the form (e.g. a role sent twice).
 *
 * @param kind may be null
 * @param method may be null for the kind's default method
 * @param paramsText may be null for no parameters
 */
public record SubmissionForm(String kind, String method, String paramsText, List<UploadedImage> images,
                             List<Problem> formProblems) {

    public SubmissionForm {
        images = List.copyOf(images);
        formProblems = List.copyOf(formProblems);
    }

    /**
     * One uploaded part; {@code bytes} holds at most one byte more than the upload limit, which is enough to refuse
     * an oversize file without reading the rest.
     */
    public record UploadedImage(String role, byte[] bytes) {
    }
}
