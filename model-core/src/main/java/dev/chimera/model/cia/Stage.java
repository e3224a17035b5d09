package dev.chimera.model.cia;

/** The stages of a Cross-Image Attention job that report progress. */
public enum Stage {
    /** Edit-friendly DDPM inversion of an input image. */
    INVERTING,
    /** The denoising loop with cross-image attention. */
    TRANSFERRING,
    /** Decoding the final latents to images. */
    DECODING
}
