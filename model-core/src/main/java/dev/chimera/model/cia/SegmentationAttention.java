package dev.chimera.model.cia;

import ai.djl.ndarray.NDArray;

/**
 * The attention maps CIA's self-segmentation reads, for the appearance and the structure image (rows 0 and 1),
 * averaged over heads ({@code Segmentor.update_attention}: the last layer of each token count in the UNet's order).
 *
 * @param self [2, N, N]: self-attention of the last layer with N tokens (the latent's own grid, 64² at 512 px)
 * @param noun [2, N/4]: cross-attention to the object noun's token in the last layer with N/4 tokens (32² at 512 px)
 */
public record SegmentationAttention(NDArray self, NDArray noun) {
}
