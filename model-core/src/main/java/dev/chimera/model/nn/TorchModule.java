package dev.chimera.model.nn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.chimera.model.weights.Checkpoints;

/**
 * A DJL block named like a PyTorch module: its children and tensors carry the reference code's own names, so a
 * published state dict maps onto the block tree key by key ({@code blocks.11.attn.qkv.weight}).
 *
 * <p>As in {@code torch.nn}, every tensor's shape is fixed at construction, so {@link #initialize} needs no input
 * shapes to size the parameters; subclasses still check input shapes in {@link #getOutputShapes}.
 */
public abstract class TorchModule extends AbstractBlock {

    private final Map<String, TorchModule> modules = new LinkedHashMap<>();
    private final Map<String, Parameter> tensors = new LinkedHashMap<>();
    private final Map<Parameter, Shape> shapes = new IdentityHashMap<>();

    /** Registers a child module under its reference name (a field name or a Sequential index such as "0"). */
    protected <M extends TorchModule> M register(String name, M module) {
        if (modules.putIfAbsent(name, module) != null) {
            throw new IllegalArgumentException("duplicate module name " + name);
        }
        return addChildBlock(name, module);
    }

    /** Declares a trainable tensor (a torch {@code nn.Parameter}). */
    protected Parameter parameter(String name, Shape shape, Initializer initializer) {
        return tensor(name, shape, initializer, Parameter.Type.WEIGHT, true);
    }

    /** Declares a non-trainable tensor (a torch buffer such as {@code running_mean}). */
    protected Parameter buffer(String name, Shape shape, Initializer initializer) {
        return tensor(name, shape, initializer, Parameter.Type.RUNNING_MEAN, false);
    }

    private Parameter tensor(String name, Shape shape, Initializer init, Parameter.Type type, boolean trainable) {
        // DJL refuses setArray on a Parameter built with a shape, so the declared shape is kept here instead.
        Parameter p = Parameter.builder().setName(name).setType(type).optInitializer(init)
                .optRequiresGrad(trainable).build();
        if (tensors.putIfAbsent(name, p) != null) {
            throw new IllegalArgumentException("duplicate tensor name " + name);
        }
        shapes.put(p, shape);
        return addParameter(p);
    }

    /** Every tensor under this module by its dotted reference name, in registration order (like {@code state_dict()}). */
    public Map<String, Parameter> namedTensors() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    /** The data type of the module's floating-point tensors, the precision it computes in (float32 if it has none). */
    public DataType floatingType() {
        return namedTensors().values().stream().map(p -> p.getArray().getDataType()).filter(DataType::isFloating)
                .findFirst().orElse(DataType.FLOAT32);
    }

    /** The declared shape of every tensor under this module by its dotted reference name, in state-dict order. */
    public Map<String, Shape> namedShapes() {
        Map<String, Shape> out = new LinkedHashMap<>();
        collectShapes("", out);
        return out;
    }

    private void collectShapes(String prefix, Map<String, Shape> out) {
        tensors.forEach((name, p) -> out.put(prefix + name, shapes.get(p)));
        modules.forEach((name, m) -> m.collectShapes(prefix + name + ".", out));
    }

    private void collect(String prefix, Map<String, Parameter> out) {
        tensors.forEach((name, p) -> out.put(prefix + name, p));
        modules.forEach((name, m) -> m.collect(prefix + name + ".", out));
    }

    /** This module and every descendant by dotted name ("" for this one), in the order of {@code named_modules()}. */
    public Map<String, TorchModule> namedModules() {
        Map<String, TorchModule> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String name, Map<String, TorchModule> out) {
        out.put(name, this);
        modules.forEach((child, m) -> m.collectModules(name.isEmpty() ? child : name + "." + child, out));
    }

    /** Runs this module in inference mode on one tensor and returns its single output. */
    public NDArray forward(ParameterStore store, NDArray x, PairList<String, Object> params) {
        return forward(store, new NDList(x), false, params).singletonOrThrow();
    }

    /** The value of one of this module's tensors on the device of {@code like}. */
    protected static NDArray value(ParameterStore store, Parameter tensor, NDArray like) {
        return store.getValue(tensor, like.getDevice(), false);
    }

    /** Initialises every tensor that has no value yet from the generator seeded with 0; see the seeded overload. */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        initialize(manager, dataType, 0L);
    }

    /**
     * Initialises every tensor that has no value yet, in state-dict order, from one generator seeded with
     * {@code seed}: random tensors ({@link SeededNormal}) take their values in turn, so a seed gives the same module
     * on every CPU; constant ones get their constant.
     */
    public void initialize(NDManager manager, DataType dataType, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Shape> declared = namedShapes();
        namedTensors().forEach((name, p) -> {
            if (!p.isInitialized()) {
                Shape shape = declared.get(name);
                p.setArray(p.getInitializer() instanceof SeededNormal normal
                        ? normal.draw(manager, shape, dataType, random)
                        : p.getInitializer().initialize(manager, shape, dataType));
            }
        });
    }

    @Override
    public boolean isInitialized() {
        return namedTensors().values().stream().allMatch(Parameter::isInitialized);
    }

    /**
     * Loads a state dict strictly, as {@code load_state_dict(strict=True)} does: every key must be present with the
     * module's shape and no key may be left over; otherwise nothing is loaded and the error names every offender.
     * Tensors are copied into arrays owned by {@code manager}: into the existing arrays (keeping their data type) when
     * the module is initialized, otherwise into new ones, float32 for floating-point tensors. A state dict read from
     * a file ({@link Checkpoints#read}) is checked by its index and streamed tensor by tensor, so loading holds one
     * checkpoint tensor at a time besides the module's own.
     */
    public void loadStateDict(Map<String, NDArray> stateDict, NDManager manager) {
        loadStateDict(stateDict, manager, DataType.FLOAT32);
    }

    /**
     * Loads a state dict as {@link #loadStateDict(Map, NDManager)} does, the floating-point tensors of an
     * uninitialized module into new arrays of {@code floatingType} (e.g. float16 for half precision on a GPU).
     */
    public void loadStateDict(Map<String, NDArray> stateDict, NDManager manager, DataType floatingType) {
        if (!floatingType.isFloating()) {
            throw new IllegalArgumentException("floating-point tensors cannot be loaded as " + floatingType);
        }
        Map<String, Parameter> expected = namedTensors();
        Map<String, Shape> declared = namedShapes();
        Map<String, Shape> given = Checkpoints.shapes(stateDict);
        List<String> missing = new ArrayList<>();
        List<String> sizeMismatches = new ArrayList<>();
        for (String name : expected.keySet()) {
            Shape shape = given.get(name);
            if (shape == null) {
                missing.add(name);
            } else if (!shape.equals(declared.get(name))) {
                sizeMismatches.add("size mismatch for " + name + ": copying a param with shape " + shape
                        + " from checkpoint, the shape in current model is " + declared.get(name) + ".");
            }
        }
        List<String> unexpected = given.keySet().stream().filter(k -> !expected.containsKey(k)).toList();
        if (!missing.isEmpty() || !unexpected.isEmpty() || !sizeMismatches.isEmpty()) {
            throw new StateDictMismatchException(getClass().getSimpleName(), missing, unexpected, sizeMismatches);
        }
        Checkpoints.forEachTensor(stateDict, (name, source) -> {
            Parameter p = expected.get(name);
            if (p.isInitialized()) {
                InPlace.assign(p.getArray(), source);
            } else {
                DataType type = source.getDataType().isFloating() ? floatingType : source.getDataType();
                // DJL's toType(sameType, copy=true) returns the array itself, which would alias the checkpoint.
                NDArray copy = source.getDataType() == type ? source.duplicate() : source.toType(type, false);
                copy.attach(manager);
                p.setArray(copy);
            }
        });
    }
}
