package dev.chimera.worker.registrytool;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.chimera.contract.params.ClvaeDataset;
import dev.chimera.contract.params.DinoVariant;
import dev.chimera.model.clvae.ClvaeConfig;
import dev.chimera.model.crossbreed.CrossbreedConfig;
import dev.chimera.worker.models.ClvaeWeights;
import dev.chimera.worker.models.CrossbreedWeights;
import dev.chimera.worker.models.DinoWeights;
import dev.chimera.worker.models.Sd15Weights;

/** The model families the worker runs, as the registry tool registers them. */
public final class ModelFamilies {

    private static final String CROSSBREED_LICENCE = "Neural Crossbreed (Park et al. 2020): see the licence of "
            + "github.com/sanghunpark/neural_crossbreed; trained on BigGAN-generated dog images";
    private static final String CLVAE_LICENCE = "class- and layer-wise VAE (Endo & Kanamori 2020): see the licence "
            + "of github.com/endo-yuki-t/DiversifyingSMIS and of the dataset the network was trained on";

    private static final String DINO_DOWNLOADS = "https://dl.fbaipublicfiles.com/dino/";
    private static final String DINO_LICENCE = "DINO (Caron et al. 2021), Apache-2.0: github.com/facebookresearch/dino";

    /**
     * Stable Diffusion 1.5 in diffusers' layout. runwayml/stable-diffusion-v1-5 was withdrawn from Hugging Face;
     * stable-diffusion-v1-5/stable-diffusion-v1-5 keeps the same files. The tokenizer's merges are CLIP's own file.
     */
    private static final String SD15_DOWNLOADS =
            "https://huggingface.co/stable-diffusion-v1-5/stable-diffusion-v1-5/resolve/main/";
    private static final String CLIP_VOCABULARY =
            "https://github.com/openai/CLIP/raw/main/clip/bpe_simple_vocab_16e6.txt.gz";
    private static final String SD15_LICENCE = "Stable Diffusion v1-5 (Rombach et al. 2022), CreativeML OpenRAIL-M:"
            + " huggingface.co/spaces/CompVis/stable-diffusion-license (its use restrictions pass to every user);"
            + " tokenizer merges: CLIP (OpenAI), MIT";

    private ModelFamilies() {
    }

    /** Every known family. */
    public static List<ModelFamily> all() {
        return List.of(
                new ModelFamily(CrossbreedWeights.FAMILY, List.of("generator"), List.of(),
                        CrossbreedWeights.configJson(CrossbreedConfig.published()), CrossbreedWeights.loader(),
                        Optional.of("G."), Optional.empty(), CROSSBREED_LICENCE),
                clvae(ClvaeDataset.ADE20K, ClvaeConfig.ade20k()),
                clvae(ClvaeDataset.DEEPFASHION, ClvaeConfig.deepFashion()),
                dino(DinoVariant.VIT_S16, "dino_deitsmall16_pretrain"),
                dino(DinoVariant.VIT_S8, "dino_deitsmall8_pretrain"),
                dino(DinoVariant.VIT_B16, "dino_vitbase16_pretrain"),
                dino(DinoVariant.VIT_B8, "dino_vitbase8_pretrain"),
                sd15());
    }

    /**
     * The family called {@code name}.
     *
     * @throws IllegalArgumentException naming the known families if there is none of that name
     */
    public static ModelFamily named(String name) {
        return all().stream().filter(family -> family.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model family \"" + name + "\"; known: "
                        + String.join(", ", all().stream().map(ModelFamily::name).toList())));
    }

    /** A DINO variant, published by Meta as a plain state dict at {@code dl.fbaipublicfiles.com/dino/<name>/}. */
    private static ModelFamily dino(DinoVariant variant, String publishedName) {
        String url = DINO_DOWNLOADS + publishedName + "/" + publishedName + ".pth";
        return new ModelFamily(DinoWeights.family(variant), List.of("vit"), List.of(),
                DinoWeights.configJson(DinoWeights.published(variant)), DinoWeights.loader(), Optional.empty(),
                Optional.of(new ModelFamily.OfficialWeights("vit", url, null)), DINO_LICENCE);
    }

    /** SD 1.5's UNet, VAE and text encoder as published, and CLIP's merges file kept as it is. */
    private static ModelFamily sd15() {
        return new ModelFamily(Sd15Weights.FAMILY, List.of("unet", "vae", "text_encoder", Sd15Weights.TOKENIZER_ROLE),
                List.of(), Map.of(Sd15Weights.TOKENIZER_ROLE, Sd15Weights.TOKENIZER_FILE),
                Sd15Weights.publishedConfig(), Sd15Weights.loader(), Optional.empty(),
                List.of(new ModelFamily.OfficialWeights("unet",
                                SD15_DOWNLOADS + "unet/diffusion_pytorch_model.safetensors", null),
                        new ModelFamily.OfficialWeights("vae",
                                SD15_DOWNLOADS + "vae/diffusion_pytorch_model.safetensors", null),
                        new ModelFamily.OfficialWeights("text_encoder",
                                SD15_DOWNLOADS + "text_encoder/model.safetensors", null),
                        new ModelFamily.OfficialWeights(Sd15Weights.TOKENIZER_ROLE, CLIP_VOCABULARY, null)),
                SD15_LICENCE);
    }

    private static ModelFamily clvae(ClvaeDataset dataset, ClvaeConfig config) {
        return new ModelFamily(ClvaeWeights.family(dataset), List.of("generator"), List.of("encoder"),
                ClvaeWeights.configJson(config), ClvaeWeights.loader(), Optional.empty(), Optional.empty(),
                CLVAE_LICENCE);
    }
}
