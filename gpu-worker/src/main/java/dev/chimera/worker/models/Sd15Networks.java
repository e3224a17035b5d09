package dev.chimera.worker.models;

import dev.chimera.model.clip.ClipTextModel;
import dev.chimera.model.clip.ClipTokenizer;
import dev.chimera.model.sd.AutoencoderKL;
import dev.chimera.model.sd.UNet2DConditionModel;

/**
 * The networks of one registered Stable Diffusion 1.5 version, loaded together: the denoising UNet, the VAE, the CLIP
 * text encoder and the tokenizer whose ids it reads.
 */
public record Sd15Networks(UNet2DConditionModel unet, AutoencoderKL vae, ClipTextModel textEncoder,
        ClipTokenizer tokenizer) {
}
