package dev.chimera.worker.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.chimera.contract.params.MethodParams;
import dev.chimera.model.cia.CiaProgress;
import dev.chimera.model.cia.CiaSettings;
import dev.chimera.model.cia.CrossImageAttention;
import dev.chimera.model.cia.Inversion;
import dev.chimera.model.cia.Stage;
import dev.chimera.worker.models.LoadedModel;
import dev.chimera.worker.models.Sd15Networks;

/**
 * The inversions of a Cross-Image Attention job, each read from the job cache when an earlier job with the same
 * image, weights and settings made it, else computed (stage {@code inverting}, counted over the images this job
 * inverts) and stored for the next job. The noise of an image's inversion is drawn from the job's seed when it has
 * one (the appearance image's from the seed, the structure image's from seed + 1, as CIA's facade draws them), and
 * otherwise from the image's content hash, so that jobs without a seed share the inversion of an image too.
 */
final class InversionStage {

    private static final Logger LOG = Logger.getLogger(InversionStage.class);

    private final LoadedModel<Sd15Networks> model;
    private final ClipPromptEncoder prompts;
    private final CiaSettings settings;
    private final CiaPrecision precision;
    private final JobContext context;
    private final BooleanSupplier stopAsked;
    private final Map<String, Object> report = new LinkedHashMap<>();

    InversionStage(LoadedModel<Sd15Networks> model, ClipPromptEncoder prompts, CiaSettings settings,
            CiaPrecision precision, JobContext context, BooleanSupplier stopAsked) {
        this.model = model;
        this.prompts = prompts;
        this.settings = settings;
        this.precision = precision;
        this.context = context;
        this.stopAsked = stopAsked;
    }

    /** One image's sampler (with the image's noise seed) and cache key. */
    private record Planned(String role, CrossImageAttention sampler, InversionCacheKey key, long seed) {
    }

    /**
     * The inversion of every prepared image by role, owned by {@code manager}.
     *
     * @param explicitSeed the job's seed, or null
     */
    Map<String, Inversion> run(Map<String, NDArray> prepared, InputImages images, Long explicitSeed,
            NDManager manager) {
        Map<String, Inversion> inverted = new LinkedHashMap<>();
        List<String> fromCache = new ArrayList<>();
        List<Planned> missing = new ArrayList<>();
        for (String role : prepared.keySet()) {
            String sha256 = images.sha256(role);
            long seed = explicitSeed != null ? explicitSeed + ("structure".equals(role) ? 1 : 0)
                    : Long.parseLong(sha256.substring(0, 15), 16) & MethodParams.MAX_SEED;
            CrossImageAttention sampler = new CrossImageAttention(model.network().unet(), model.network().vae(),
                    prompts, withSeed(settings, seed), manager);
            InversionCacheKey key = new InversionCacheKey(sha256, CiaInputImage.SIZE, model.manifest(),
                    precision.wireName(), sampler.inversionFingerprint(false));
            Planned plan = new Planned(role, sampler, key, seed);
            Optional<Inversion> cached = cached(plan, manager);
            if (cached.isPresent()) {
                inverted.put(role, cached.get());
                report.put(role, Map.of("seed", seed, "source", "cache"));
                fromCache.add(role);
                context.step(CrossImageAttentionPipeline.INVERSION_CACHED, 1, 1);
            } else {
                missing.add(plan);
            }
        }
        if (!fromCache.isEmpty()) {
            context.inversionCached(fromCache);
        }
        int perImage = settings.inversionSteps() - (missing.isEmpty() ? 0 : missing.get(0).sampler()
                .firstInvertedStep());
        int total = perImage * missing.size();
        for (int i = 0; i < missing.size(); i++) {
            Planned plan = missing.get(i);
            int offset = i * perImage;
            Inversion inversion = plan.sampler().invert(prepared.get(plan.role()), false,
                    inversionProgress(offset, total), stopAsked, manager);
            inverted.put(plan.role(), inversion);
            boolean stored = store(plan, inversion);
            report.put(plan.role(), Map.of("seed", plan.seed(), "source", "computed", "cached", stored));
        }
        return inverted;
    }

    /** Per image: its noise seed and whether its inversion came from the cache. */
    Map<String, Object> report() {
        return Map.copyOf(report);
    }

    private CiaProgress inversionProgress(int offset, int total) {
        return new CiaProgress() {
            @Override
            public void step(Stage stage, int done, int steps) {
                context.step(CrossImageAttentionPipeline.INVERTING, offset + done, total);
            }

            @Override
            public void preview(int done, int steps, NDArray image) {
            }
        };
    }

    private Optional<Inversion> cached(Planned plan, NDManager manager) {
        Optional<byte[]> bytes = context.cache().get(plan.key().text());
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        Path file = null;
        try {
            file = Files.createTempFile("cia-inversion-", ".safetensors");
            Files.write(file, bytes.get());
            Inversion inversion = Inversion.read(file, manager);
            if (inversion.firstStep() != plan.sampler().firstInvertedStep()
                    || inversion.steps() != settings.inversionSteps()) {
                throw new IOException("it holds steps " + inversion.firstStep() + ".." + inversion.steps());
            }
            LOG.infof("inversion read from cache role=%s seed=%d bytes=%d", plan.role(), plan.seed(),
                    bytes.get().length);
            return Optional.of(inversion);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cached inversion unusable, computed again role=%s error=%s", plan.role(), e.toString());
            return Optional.empty();
        } finally {
            deleteQuietly(file);
        }
    }

    private boolean store(Planned plan, Inversion inversion) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            inversion.write(Channels.newChannel(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise an inversion in memory", e);
        }
        return context.cache().put(plan.key().text(), out.toByteArray());
    }

    private static CiaSettings withSeed(CiaSettings s, long seed) {
        return new CiaSettings(s.domain(), s.inversionSteps(), s.skipSteps(), s.inversionGuidanceScale(),
                s.swapGuidanceScale(), s.contrastStrength(), s.maskedAdain(), s.swapSteps64(), s.swapSteps32(),
                s.adainSteps(), seed, s.path(), s.previewEvery());
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debugf("temporary inversion file left behind file=%s", file);
            }
        }
    }
}
