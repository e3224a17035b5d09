package dev.chimera.worker.models;

/** A model file whose content does not match the sha256 its manifest records; the file is refused, not loaded. */
public class ModelCorruptException extends RuntimeException {

    /** A refusal naming the file; the job ends {@code model_corrupt}. */
    public ModelCorruptException(String message) {
        super(message);
    }
}
