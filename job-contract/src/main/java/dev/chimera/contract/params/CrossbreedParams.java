package dev.chimera.contract.params;

import dev.chimera.contract.FailureCode;
import dev.chimera.contract.InputRole;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import java.util.List;

/**
 * Parameters of Neural Crossbreed morphing (MODELS.md §4).
 *
 * @param frames frames of the basic morph, α = linspace(0, 1, frames); the reference's niter + 2
 * @param disentangled whether to also render the content × style grid
 * @param gridSize rows and columns of that grid
 * @param tau how far the grid's content and style weights are pulled towards each other
 * @param seed unused by the deterministic forward pass, kept so that every method records one
 */
public record CrossbreedParams(int frames, boolean disentangled, int gridSize, double tau, Long seed)
        implements MethodParams {

    /** Neural Crossbreed (Park et al. 2020): in-between images with content and style changed separately. */
    public static final MethodSpec<CrossbreedParams> SPEC = new MethodSpec<>(Method.CROSSBREED, JobKind.MORPHING,
            List.of(InputRole.required("imageA"), InputRole.required("imageB")),
            CrossbreedParams.class, CrossbreedParams::read, CrossbreedParams::defaults, List.of(),
            List.of(FailureCode.UNREADABLE_INPUT, FailureCode.MODEL_UNAVAILABLE, FailureCode.MODEL_CORRUPT),
            List.of("crossbreed-generator"));

    /** Bounds and default of the morph frames (niter 5 + 2). */
    public static final IntField FRAMES = new IntField("frames", 7, 2, 64);
    /** The grid is off by default. */
    public static final boolean DEFAULT_DISENTANGLED = false;
    /** Bounds and default of the grid size. */
    public static final IntField GRID_SIZE = new IntField("gridSize", 7, 2, 16);
    /** Bounds and default of tau. */
    public static final DecimalField TAU = new DecimalField("tau", 0.3, 0.0, 1.0);

    /** The reference defaults. */
    public static CrossbreedParams defaults() {
        return new CrossbreedParams(FRAMES.defaultValue(), DEFAULT_DISENTANGLED, GRID_SIZE.defaultValue(),
                TAU.defaultValue(), null);
    }

    @Override
    public Method method() {
        return Method.CROSSBREED;
    }

    static CrossbreedParams read(FieldReader reader) {
        return new CrossbreedParams(
                reader.read(FRAMES),
                reader.read("disentangled", DEFAULT_DISENTANGLED),
                reader.read(GRID_SIZE),
                reader.read(TAU),
                reader.seed("seed"));
    }
}
