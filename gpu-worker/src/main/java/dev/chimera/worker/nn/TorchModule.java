package dev.chimera.worker.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

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
        Parameter p = Parameter.builder().setName(name).setType(type).optShape(shape)
                .optInitializer(init).optRequiresGrad(trainable).build();
        if (tensors.putIfAbsent(name, p) != null) {
            throw new IllegalArgumentException("duplicate tensor name " + name);
        }
        return addParameter(p);
    }

    /** Every tensor under this module by its dotted reference name, in registration order (like {@code state_dict()}). */
    public Map<String, Parameter> namedTensors() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> out) {
        tensors.forEach((name, p) -> out.put(prefix + name, p));
        modules.forEach((name, m) -> m.collect(prefix + name + ".", out));
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Parameter p : namedTensors().values()) {
            if (!p.isInitialized()) {
                p.initialize(manager, dataType);
            }
        }
    }

    @Override
    public boolean isInitialized() {
        return namedTensors().values().stream().allMatch(Parameter::isInitialized);
    }

    /**
     * Loads a state dict strictly, as {@code load_state_dict(strict=True)} does: every key must be present with the
     * module's shape and no key may be left over; otherwise nothing is loaded and the error names every offender.
     * Tensors are copied into arrays owned by {@code manager}, converted to each tensor's declared data type.
     */
    public void loadStateDict(Map<String, NDArray> stateDict, NDManager manager) {
        Map<String, Parameter> expected = namedTensors();
        List<String> missing = new ArrayList<>();
        List<String> sizeMismatches = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : expected.entrySet()) {
            NDArray given = stateDict.get(e.getKey());
            if (given == null) {
                missing.add(e.getKey());
            } else if (!given.getShape().equals(e.getValue().getShape())) {
                sizeMismatches.add("size mismatch for " + e.getKey() + ": copying a param with shape "
                        + given.getShape() + " from checkpoint, the shape in current model is "
                        + e.getValue().getShape() + ".");
            }
        }
        List<String> unexpected = stateDict.keySet().stream().filter(k -> !expected.containsKey(k)).toList();
        if (!missing.isEmpty() || !unexpected.isEmpty() || !sizeMismatches.isEmpty()) {
            throw new StateDictMismatchException(getClass().getSimpleName(), missing, unexpected, sizeMismatches);
        }
        for (Map.Entry<String, Parameter> e : expected.entrySet()) {
            NDArray source = stateDict.get(e.getKey());
            DataType type = e.getValue().isInitialized() ? e.getValue().getArray().getDataType() : source.getDataType();
            NDArray copy = source.toType(type, true);
            copy.attach(manager);
            e.getValue().setArray(copy);
        }
    }
}
