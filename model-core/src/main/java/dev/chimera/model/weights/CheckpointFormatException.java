package dev.chimera.model.weights;

import java.io.IOException;

/** A file is not a checkpoint this reader can load: truncated, malformed, or of a layout it does not know. */
public class CheckpointFormatException extends IOException {

    /** Builds the error with a message saying what is wrong and where. */
    public CheckpointFormatException(String message) {
        super(message);
    }

    /** Builds the error around the lower-level failure that revealed it. */
    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
