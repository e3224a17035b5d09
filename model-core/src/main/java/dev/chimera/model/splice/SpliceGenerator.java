package dev.chimera.model.splice;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.Activation;
import dev.chimera.model.nn.BatchNorm2d;
import dev.chimera.model.nn.Conv2d;
import dev.chimera.model.nn.ReflectionPad2d;
import dev.chimera.model.nn.Sequential;
import dev.chimera.model.nn.UnaryModule;
import dev.chimera.model.nn.Upsample;

/**
 * Splice's generator, the skip U-Net of {@code models/unet/skip.py}, with the keys of a Splice run's state dict
 * ({@code 1.0.1.0.weight}, {@code 1.1.7.3.0.weight}, {@code 9.0.bias}). Per scale: a skip branch (conv, BN, act) and a
 * deeper branch (strided conv, BN, act, conv, BN, act, the next scale, ×2 upsampling) joined by a centre-cropping
 * {@link Concat}, then BN, conv, BN, act and optionally a 1×1 conv, BN, act; finally a 1×1 conv to the output channels
 * and a sigmoid. Every BatchNorm runs in training mode, as Splice never calls {@code eval()}.
 */
public final class SpliceGenerator extends UnaryModule {

    private final SkipConfig config;
    private final List<UnaryModule> layers = new ArrayList<>();

    /** A generator of the given configuration; load a state dict or initialise it before use. */
    public SpliceGenerator(SkipConfig config) {
        this.config = config;
        Consumer<UnaryModule> level = this::add;
        int inputDepth = config.inputChannels();
        int last = config.scales() - 1;
        for (int i = 0; i <= last; i++) {
            SpliceSequential deeper = new SpliceSequential();
            int skipChannels = config.channelsSkip().get(i);
            if (skipChannels != 0) {
                SpliceSequential skip = new SpliceSequential();
                level.accept(new Concat(skip, deeper));
                skip.add(conv(inputDepth, skipChannels, config.filterSkipSize(), 1));
                skip.add(batchNorm(skipChannels));
                skip.add(activation());
            } else {
                level.accept(deeper);
            }
            int down = config.channelsDown().get(i);
            int deeperOut = i < last ? config.channelsUp().get(i + 1) : down;
            level.accept(batchNorm(skipChannels + deeperOut));

            deeper.add(conv(inputDepth, down, config.filterSizeDown().get(i), 2));
            deeper.add(batchNorm(down));
            deeper.add(activation());
            deeper.add(conv(down, down, config.filterSizeDown().get(i), 1));
            deeper.add(batchNorm(down));
            deeper.add(activation());
            SpliceSequential deeperMain = i < last ? deeper.add(new SpliceSequential()) : null;
            deeper.add(new Upsample(2, config.upsampleMode().equals("bilinear") ? Upsample.Mode.BILINEAR
                    : Upsample.Mode.NEAREST));

            int up = config.channelsUp().get(i);
            level.accept(conv(skipChannels + deeperOut, up, config.filterSizeUp().get(i), 1));
            level.accept(batchNorm(up));
            level.accept(activation());
            if (config.need1x1Up()) {
                level.accept(conv(up, up, 1, 1));
                level.accept(batchNorm(up));
                level.accept(activation());
            }
            inputDepth = down;
            level = deeperMain == null ? null : deeperMain::add;
        }
        add(conv(config.channelsUp().get(0), config.outputChannels(), 1, 1));
        if (config.needSigmoid()) {
            add(Activation.sigmoid());
        } else if (config.needTanh()) {
            add(Activation.tanh());
        }
    }

    /** Splice's patched {@code Module.add} on the outermost Sequential: the child is named by its 1-based position. */
    private void add(UnaryModule layer) {
        layers.add(register(Integer.toString(layers.size() + 1), layer));
    }

    /** The configuration this generator was built from. */
    public SkipConfig config() {
        return config;
    }

    /** skip.py's {@code conv()}: a Sequential of an optional reflection padder and the convolution. */
    private Sequential conv(int in, int out, int kernel, int stride) {
        int pad = (kernel - 1) / 2;
        Sequential wrapper = new Sequential();
        if (config.reflectionPad()) {
            wrapper.add(new ReflectionPad2d(pad));
            pad = 0;
        }
        return wrapper.add(Conv2d.builder(in, out, kernel).stride(stride).padding(pad).bias(config.needBias())
                .build());
    }

    private BatchNorm2d batchNorm(int channels) {
        return new BatchNorm2d(channels, config.batchNormEps(), config.batchNormMomentum());
    }

    private Activation activation() {
        return Activation.leakyRelu(config.leakyReluSlope());
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        NDArray out = x;
        for (UnaryModule layer : layers) {
            out = layer.forward(store, out, params);
        }
        return out;
    }

    @Override
    protected Shape outputShape(Shape input) {
        requireImageBatch(input, config.inputChannels(), "SpliceGenerator");
        Shape out = input;
        for (UnaryModule layer : layers) {
            out = layer.getOutputShapes(new Shape[] {out})[0];
        }
        return out;
    }
}
