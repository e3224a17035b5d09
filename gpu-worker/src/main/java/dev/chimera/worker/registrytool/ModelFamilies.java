package dev.chimera.worker.registrytool;

import java.util.List;
import java.util.Optional;

import dev.chimera.contract.params.ClvaeDataset;
import dev.chimera.contract.params.DinoVariant;
import dev.chimera.model.clvae.ClvaeConfig;
import dev.chimera.model.crossbreed.CrossbreedConfig;
import dev.chimera.worker.models.ClvaeWeights;
import dev.chimera.worker.models.CrossbreedWeights;
import dev.chimera.worker.models.DinoWeights;

/** The model families the worker runs, as the registry tool registers them. */
public final class ModelFamilies {

    private static final String CROSSBREED_LICENCE = "Neural Crossbreed (Park et al. 2020): see the licence of "
            + "github.com/sanghunpark/neural_crossbreed; trained on BigGAN-generated dog images";
    private static final String CLVAE_LICENCE = "class- and layer-wise VAE (Endo & Kanamori 2020): see the licence "
            + "of github.com/endo-yuki-t/DiversifyingSMIS and of the dataset the network was trained on";

    private static final String DINO_DOWNLOADS = "https://dl.fbaipublicfiles.com/dino/";
    private static final String DINO_LICENCE = "DINO (Caron et al. 2021), Apache-2.0: github.com/facebookresearch/dino";

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
                dino(DinoVariant.VIT_B8, "dino_vitbase8_pretrain"));
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

    private static ModelFamily clvae(ClvaeDataset dataset, ClvaeConfig config) {
        return new ModelFamily(ClvaeWeights.family(dataset), List.of("generator"), List.of("encoder"),
                ClvaeWeights.configJson(config), ClvaeWeights.loader(), Optional.empty(), Optional.empty(),
                CLVAE_LICENCE);
    }
}
