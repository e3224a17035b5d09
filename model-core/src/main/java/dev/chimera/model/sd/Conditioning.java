package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;

/**
 * What every block of one UNet forward shares.
 *
 * @param timeEmbedding the time MLP's output [B, time_embed_dim], which each resnet projects
 * @param encoderStates the text states [B, tokens, cross_attention_dim] the cross-attention reads
 * @param processor computes every attention of the forward
 */
record Conditioning(NDArray timeEmbedding, NDArray encoderStates, AttentionProcessor processor) {
}
