package dev.chimera.contract.images;

import dev.chimera.contract.params.ProblemCode;

/** Bytes that the image decoder cannot turn into pixels, with the reason as a problem code. */
public class UndecodableImageException extends RuntimeException {

    /** Why decoding failed. */
    public enum Reason {
        /** No reader takes the format, or the reader does not support this variant of it (e.g. a 12-bit JPEG). */
        UNSUPPORTED(ProblemCode.UNSUPPORTED_IMAGE_FORMAT),
        /** The pixel data ends before the image is complete. */
        TRUNCATED(ProblemCode.TRUNCATED_IMAGE),
        /** The pixel data is damaged. */
        CORRUPT(ProblemCode.IMAGE_CORRUPT);

        private final ProblemCode code;

        Reason(ProblemCode code) {
            this.code = code;
        }

        /** The problem code a refused upload reports. */
        public ProblemCode code() {
            return code;
        }
    }

    private final Reason reason;

    /** A failure with its reason and the decoder's own exception. */
    public UndecodableImageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** A failure with its reason. */
    public UndecodableImageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why decoding failed. */
    public Reason reason() {
        return reason;
    }
}
