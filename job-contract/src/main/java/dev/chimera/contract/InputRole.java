package dev.chimera.contract;

/** One named input image a method takes, e.g. {@code structure}, and whether the method requires it. */
public record InputRole(String name, boolean required) {

    /** A role the submission must supply. */
    public static InputRole required(String name) {
        return new InputRole(name, true);
    }

    /** A role the submission may supply. */
    public static InputRole optional(String name) {
        return new InputRole(name, false);
    }
}
