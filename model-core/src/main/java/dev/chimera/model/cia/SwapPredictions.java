package dev.chimera.model.cia;

import ai.djl.ndarray.NDArray;

/**
 * The two noise predictions of one transfer step, each [3, C, h, w] for [OUT, APPEARANCE, STRUCTURE].
 *
 * @param swap ε with the cross-image swap and the attention contrast in the selected layers
 * @param noSwap ε with plain attention everywhere
 * @param attention the captured attention maps, or null when none were asked for
 */
public record SwapPredictions(NDArray swap, NDArray noSwap, SegmentationAttention attention) {
}
