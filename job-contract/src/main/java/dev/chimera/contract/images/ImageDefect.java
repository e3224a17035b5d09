package dev.chimera.contract.images;

import dev.chimera.contract.params.ProblemCode;

/** Why the bytes are not an acceptable image; raised inside the format readers and turned into a problem. */
final class ImageDefect extends RuntimeException {

    private final ProblemCode code;

    private ImageDefect(ProblemCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static ImageDefect truncated(String message) {
        return new ImageDefect(ProblemCode.TRUNCATED_IMAGE, message);
    }

    static ImageDefect malformed(String message) {
        return new ImageDefect(ProblemCode.NOT_AN_IMAGE, message);
    }

    ProblemCode code() {
        return code;
    }
}
