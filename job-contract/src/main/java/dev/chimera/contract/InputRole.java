package dev.chimera.contract;

/**
 * One named input image a method takes, e.g. {@code structure}, whether the method requires it, and whether it is a
 * label map (class indices in its samples, not colours).
 */
public record InputRole(String name, boolean required, boolean labelMap) {

    /** A picture the submission must supply. */
    public static InputRole required(String name) {
        return new InputRole(name, true, false);
    }

    /** A picture the submission may supply. */
    public static InputRole optional(String name) {
        return new InputRole(name, false, false);
    }

    /** A label map the submission must supply. */
    public static InputRole requiredLabelMap(String name) {
        return new InputRole(name, true, true);
    }
}
