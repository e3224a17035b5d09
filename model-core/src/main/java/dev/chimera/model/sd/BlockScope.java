package dev.chimera.model.sd;

import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Runs one block of a forward in a child manager of its input's, so that the block's intermediates are freed as soon
 * as it returns and only its output stays with the input's manager: a forward then holds little more than its skips,
 * however many blocks it runs (a 512² VAE decode makes 400 MB tensors).
 */
final class BlockScope {

    private BlockScope() {
    }

    /** {@code block(input)}, an array other than {@code input}, owned by {@code input}'s manager. */
    static NDArray run(NDArray input, UnaryOperator<NDArray> block) {
        NDManager owner = input.getManager();
        try (NDManager scope = owner.newSubManager()) {
            input.tempAttach(scope);
            NDArray out = block.apply(input);
            out.attach(owner);
            return out;
        }
    }
}
