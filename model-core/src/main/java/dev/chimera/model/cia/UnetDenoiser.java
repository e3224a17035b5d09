package dev.chimera.model.cia;

import java.util.Optional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.chimera.model.sd.AttentionMapSink;
import dev.chimera.model.sd.AttentionProcessor;
import dev.chimera.model.sd.FreeU;
import dev.chimera.model.sd.UNet2DConditionModel;
import dev.chimera.model.sd.UnetObserver;

/**
 * CIA's denoiser on the SD UNet: FreeU on, CIA's processor in every attention. The faithful path runs the transfer's
 * swap and no-swap predictions as two batch-3 calls; the shortcut runs one batch-4 call on [OUT, APPEARANCE,
 * STRUCTURE, OUT] in which only row 0 swaps, and reads the no-swap prediction from rows [3, 1, 2] (rows 1 and 2 do
 * not depend on row 0, so they are the same in both passes). Each call runs in its own scope: the UNet's weights are
 * lent to it, and only the predictions survive, in the latents' manager.
 */
public final class UnetDenoiser implements CiaDenoiser {

    private final UNet2DConditionModel unet;
    private final ParameterStore store;
    private final FreeU freeU;
    private final SwapSchedule swapSchedule;
    private final SamplerPath path;
    private final int nounToken;
    private final DataType precision;

    /** A denoiser on {@code unet} with the swap rules and contrast of {@code swapSchedule}. */
    public UnetDenoiser(UNet2DConditionModel unet, ParameterStore store, SwapSchedule swapSchedule, SamplerPath path,
            int nounToken) {
        this.unet = unet;
        this.store = store;
        this.freeU = FreeU.cia(unet.config());
        this.swapSchedule = swapSchedule;
        this.path = path;
        this.nounToken = nounToken;
        this.precision = unet.floatingType();
    }

    /** The swap rules of {@code settings}: its 32² and 64² ranges and contrast. */
    public static SwapSchedule swapSchedule(CiaSettings settings) {
        return new SwapSchedule(settings.swapSteps32().start(), settings.swapSteps32().end(),
                settings.swapSteps64().start(), settings.swapSteps64().end(), (float) settings.contrastStrength());
    }

    @Override
    public NDArray predict(NDArray latents, int timestep, NDArray embeddings) {
        return forward(latents, false, timestep, embeddings, AttentionProcessor.PLAIN);
    }

    @Override
    public SwapPredictions predictTransfer(NDArray latents, int timestep, NDArray embeddings, int modelStep,
            boolean capture) {
        NDManager owner = latents.getManager();
        long tokens = latents.getShape().get(2) * latents.getShape().get(3);
        SegmentationCapture maps = capture ? new SegmentationCapture(tokens, nounToken, owner) : null;
        Optional<AttentionMapSink> sink = Optional.ofNullable(maps);
        NDArray swap;
        NDArray noSwap;
        if (path == SamplerPath.FAITHFUL) {
            swap = forward(latents, false, timestep, embeddings, processor(modelStep, true, Optional.empty()));
            // The reference's segmentor keeps the maps of the later (no-swap) call.
            noSwap = forward(latents, false, timestep, embeddings, processor(modelStep, false, sink));
        } else {
            try (NDArray both = forward(latents, true, timestep, embeddings, processor(modelStep, true, sink))) {
                swap = both.get("0:3");
                try (NDArray plainOut = both.get("3:4"); NDArray others = both.get("1:3")) {
                    noSwap = NDArrays.concat(new NDList(plainOut, others));
                }
            }
        }
        return new SwapPredictions(swap, noSwap, maps == null ? null : maps.result());
    }

    private CrossImageAttentionProcessor processor(int modelStep, boolean swap, Optional<AttentionMapSink> sink) {
        return new CrossImageAttentionProcessor(modelStep, swap, swapSchedule, sink);
    }

    /**
     * One UNet call in its own scope, on {@code latents} or, with {@code appendOut}, on the latents followed by a
     * copy of row 0; the prediction belongs to the latents' manager.
     */
    private NDArray forward(NDArray latents, boolean appendOut, int timestep, NDArray embeddings,
            AttentionProcessor processor) {
        NDManager owner = latents.getManager();
        try (NDManager scope = owner.newSubManager()) {
            lend(scope, latents, embeddings);
            NDArray sample = appendOut ? NDArrays.concat(new NDList(latents, latents.get("0:1"))) : latents;
            NDArray text = appendOut ? NDArrays.concat(new NDList(embeddings, embeddings.get("0:1"))) : embeddings;
            // The UNet runs in its own precision (float16 when asked); the schedule's arithmetic stays float32.
            NDArray eps = unet.forward(store, sample.toType(precision, false), timestep, text.toType(precision, false),
                    processor, Optional.of(freeU), UnetObserver.NONE).toType(DataType.FLOAT32, false);
            eps.attach(owner);
            return eps;
        }
    }

    /** Lends the inputs and the UNet's weights to the call's scope, so everything derived from them closes with it. */
    private void lend(NDManager scope, NDArray latents, NDArray embeddings) {
        latents.tempAttach(scope);
        embeddings.tempAttach(scope);
        unet.namedTensors().values().forEach(p -> p.getArray().tempAttach(scope));
    }
}
