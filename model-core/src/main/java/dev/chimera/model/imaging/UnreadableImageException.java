package dev.chimera.model.imaging;

/** Thrown when bytes cannot be decoded as an image: not a format ImageIO reads, or broken on the way. */
public class UnreadableImageException extends RuntimeException {

    /** An image that could not be read, with the reason. */
    public UnreadableImageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An image that could not be read. */
    public UnreadableImageException(String message) {
        super(message);
    }
}
