package dev.chimera.model.golden;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.chimera.model.cia.AppearanceTransfer;
import dev.chimera.model.cia.CiaSettings;
import dev.chimera.model.cia.DdimSchedule;
import dev.chimera.model.cia.EditFriendlyInversion;
import dev.chimera.model.cia.GivenInversionNoise;
import dev.chimera.model.cia.Inversion;
import dev.chimera.model.cia.KMeans;
import dev.chimera.model.cia.ObjectSegmentation;
import dev.chimera.model.cia.SamplerPath;
import dev.chimera.model.cia.StepHook;
import dev.chimera.model.cia.StepRange;
import dev.chimera.model.cia.UnetDenoiser;
import dev.chimera.model.sd.AutoencoderKL;
import dev.chimera.model.sd.SdUnetConfig;
import dev.chimera.model.sd.SdVaeConfig;
import dev.chimera.model.sd.UNet2DConditionModel;
import dev.chimera.model.weights.Checkpoints;

/**
 * The golden case {@code cia-sampler}: CIA's whole sampling on tiny SD networks. The schedule, the inversion of both
 * images with the stored noise, and the transfer with its recorded iterations and decoded images. The system
 * property {@value #PATH_PROPERTY} chooses the sampler path: {@code faithful} (default) or {@code shortcut}, whose
 * transfer starts from inversions computed only from skip_steps on (the inversion outputs still come from a full
 * inversion, since the shortcut does not compute their first rows).
 */
public final class CiaSamplerGolden implements GoldenNetwork {

    /** The system property that selects the sampler path. */
    public static final String PATH_PROPERTY = "chimera.cia.path";
    private static final String PROMPT_PREFIX = "A photo of a ";
    private static final String ITERATION_OUTPUT = "transfer.latents_after_iter.";
    private static final BooleanSupplier NEVER = () -> false;

    @Override
    public String network() {
        return "cia-sampler";
    }

    @Override
    public Map<String, NDArray> run(GoldenCase goldenCase, Map<String, NDArray> weights, NDManager manager) {
        JsonNode hyper = goldenCase.config().path("hyperparameters");
        UNet2DConditionModel unet = new UNet2DConditionModel(SdUnetConfig.fromJson(hyper.path("unet_config")));
        unet.loadStateDict(Checkpoints.withPrefix(weights, "unet."), manager);
        AutoencoderKL vae = new AutoencoderKL(SdVaeConfig.fromJson(hyper.path("vae_config")));
        vae.loadPublished(Checkpoints.withPrefix(weights, "vae."), manager);
        ParameterStore store = new ParameterStore(manager, false);
        SamplerPath path = SamplerPath.valueOf(System.getProperty(PATH_PROPERTY, "faithful").toUpperCase(java.util.Locale.ROOT));
        CiaSettings settings = settings(hyper.path("run_config"), path);
        DdimSchedule schedule = DdimSchedule.stableDiffusion(settings.inversionSteps());
        UnetDenoiser denoiser = new UnetDenoiser(unet, store, UnetDenoiser.swapSchedule(settings), path,
                settings.nounToken());
        NDArray prompt = input(goldenCase, "prompt_embeds");
        NDArray empty = input(goldenCase, "uncond_embeds");
        NDArray images = input(goldenCase, "images");

        Map<String, NDArray> computed = new LinkedHashMap<>();
        computed.put("scheduler.timesteps", manager.create(java.util.Arrays.stream(schedule.timesteps())
                .asLongStream().toArray()));
        computed.put("scheduler.betas", manager.create(schedule.betas()));
        computed.put("scheduler.alphas_cumprod", manager.create(schedule.alphasCumprod()));
        computed.put("scheduler.final_alpha_cumprod", manager.create(schedule.finalAlphaCumprod()));

        EditFriendlyInversion inversion = new EditFriendlyInversion(schedule, denoiser,
                settings.inversionGuidanceScale());
        Inversion[] full = new Inversion[2];
        Inversion[] used = new Inversion[2];
        String[] names = {"app", "struct"};
        for (int i = 0; i < 2; i++) {
            NDArray latent = vae.encodeMode(store, images.get(i + ":" + (i + 1)));
            GivenInversionNoise noise = new GivenInversionNoise(input(goldenCase, "inversion_noise." + names[i]));
            full[i] = inversion.invert(latent, prompt, empty, noise, 0, StepHook.NONE, NEVER, manager);
            used[i] = path == SamplerPath.FAITHFUL ? full[i]
                    : inversion.invert(latent, prompt, empty, noise, settings.skipSteps(), StepHook.NONE, NEVER,
                            manager);
            computed.put("inversion." + names[i] + ".xts", full[i].xts());
            computed.put("inversion." + names[i] + ".zs", full[i].zs());
        }
        Inversion appearance = used[0];
        Inversion structure = used[1];
        int skip = settings.skipSteps();
        computed.put("transfer.init_latents", NDArrays.stack(new NDList(structure.latent(skip),
                appearance.latent(skip), structure.latent(skip))));

        AppearanceTransfer transfer = new AppearanceTransfer(schedule, denoiser, settings,
                new ObjectSegmentation(KMeans.segmentation(settings.seed())));
        StepHook recorder = (done, total, latents) -> {
            String name = ITERATION_OUTPUT + (done - 1);
            if (goldenCase.config().path("outputs").has(name)) {
                computed.put(name, latents.duplicate());
            }
        };
        NDArray finalLatents = transfer.run(appearance, structure, prompt, recorder, NEVER, manager);
        computed.put("transfer.final_latents", finalLatents);
        computed.put("transfer.images", vae.decodeToUnitRange(store, finalLatents));

        Map<String, NDArray> outputs = new LinkedHashMap<>();
        goldenCase.config().path("outputs").fieldNames().forEachRemaining(name -> {
            NDArray value = computed.get(name);
            if (value == null) {
                throw new IllegalArgumentException("cia-sampler cannot compute output " + name);
            }
            outputs.put(name, value);
        });
        return outputs;
    }

    /** The run config's knobs as settings; the domain is the prompt's word after "A photo of a ". */
    static CiaSettings settings(JsonNode run, SamplerPath path) {
        String prompt = run.path("prompt").asText();
        if (!prompt.startsWith(PROMPT_PREFIX)) {
            throw new IllegalArgumentException("cia-sampler expects a prompt \"" + PROMPT_PREFIX + "{domain}\", got "
                    + prompt);
        }
        return new CiaSettings(prompt.substring(PROMPT_PREFIX.length()), run.path("num_timesteps").asInt(),
                run.path("skip_steps").asInt(), run.path("inversion_cfg_scale").asDouble(),
                run.path("swap_guidance_scale").asDouble(), run.path("contrast_strength").asDouble(),
                run.path("use_masked_adain").asBoolean(), range(run.path("cross_attn_64_range")),
                range(run.path("cross_attn_32_range")), range(run.path("adain_range")), 0L, path, 0);
    }

    private static StepRange range(JsonNode pair) {
        return new StepRange(pair.get(0).asInt(), pair.get(1).asInt());
    }

    private static NDArray input(GoldenCase goldenCase, String name) {
        NDArray value = goldenCase.inputs().get(name);
        if (value == null) {
            throw new IllegalArgumentException("cia-sampler case lacks input " + name);
        }
        return value;
    }
}
