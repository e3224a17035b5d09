package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;

/**
 * Receives attention probabilities averaged over the heads, one chunk of query rows at a time, for uses such as CIA's
 * self-segmentation; the chunk is freed after the call, so a sink keeps a copy of what it needs.
 */
@FunctionalInterface
public interface AttentionMapSink {

    /**
     * The head-averaged probabilities {@code headMean} [B, rows, keys] of query rows {@code firstRow} onwards of the
     * attention {@code call}, after any edit of the probabilities.
     */
    void accept(AttentionCall call, long firstRow, NDArray headMean);
}
