package dev.chimera.model.weights;

/** A checkpoint's pickle names a global outside the few a state dict needs; it is refused, never imported or called. */
public class UnsupportedPickleGlobalException extends CheckpointFormatException {

    private final String global;

    /** Builds the error for {@code global}, written {@code module.name}. */
    public UnsupportedPickleGlobalException(String global) {
        super("refusing pickle global " + global + ": only the globals of a PyTorch state dict are allowed");
        this.global = global;
    }

    /** The refused global as {@code module.name}. */
    public String global() {
        return global;
    }
}
