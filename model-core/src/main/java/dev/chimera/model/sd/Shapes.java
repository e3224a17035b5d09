package dev.chimera.model.sd;

import ai.djl.ndarray.types.Shape;

/** Input shape checks shared by the SD modules. */
final class Shapes {

    private Shapes() {
    }

    /** Checks that {@code input} is a 4-d batch with {@code channels} channels. */
    static void requireImageBatch(Shape input, long channels, String module) {
        if (input.dimension() != 4 || input.get(1) != channels) {
            throw new IllegalArgumentException(module + " expects [N, " + channels + ", H, W], got " + input);
        }
    }
}
