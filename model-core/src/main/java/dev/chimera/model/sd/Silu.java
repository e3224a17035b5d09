package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;

/** {@code F.silu}: x · sigmoid(x). */
final class Silu {

    private Silu() {
    }

    static NDArray apply(NDArray x) {
        return x.mul(x.getNDArrayInternal().sigmoid());
    }
}
