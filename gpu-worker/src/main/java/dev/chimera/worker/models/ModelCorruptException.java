package dev.chimera.worker.models;

/** A model file whose content does not match the sha256 its manifest records; the file is refused, not loaded. */
public class ModelCorruptException extends RuntimeException {

    /** The job error code a worker reports for it. */
    public static final String CODE = "model_corrupt";

    public ModelCorruptException(String message) {
        super(message);
    }
}
