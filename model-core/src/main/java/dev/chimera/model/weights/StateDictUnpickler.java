package dev.chimera.model.weights;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite's unpickler restricted to what {@code torch.save} writes for a state dict. Every opcode that names a
 * global goes through {@link #resolve}, which knows a fixed handful; any other global fails with
 * {@link UnsupportedPickleGlobalException} instead of Pyrolite's default of a generic object. Object state
 * ({@code BUILD}) is accepted only on dicts, where it carries {@code _metadata} and is dropped; nothing is ever set
 * through reflection. Dicts keep their file order. Storage references become {@link StorageRef}s and tensors
 * {@link PickledTensor}s, to be filled with data by the format's reader.
 */
final class StateDictUnpickler extends Unpickler {

    private static final short BUILD = 'b';
    private static final short EMPTY_DICT = '}';
    private static final short SETITEMS = 'u';
    private static final short GLOBAL = 'c';
    private static final short INST = 'i';
    private static final short OBJ = 'o';
    private static final short STACK_GLOBAL = 0x93;
    private static final short EXT1 = 0x82;
    private static final short EXT2 = 0x83;
    private static final short EXT4 = 0x84;

    private final Map<String, StorageType> storageTypes = new LinkedHashMap<>();

    /** One unpickled object and the type of every storage its persistent ids named, by key. */
    record Unpickled(Object root, Map<String, StorageType> storageTypes) {
    }

    /** Reads one pickle from {@code in}, leaving the stream just after its STOP opcode. */
    static Unpickled load(InputStream in, String source) throws IOException {
        try {
            StateDictUnpickler unpickler = new StateDictUnpickler();
            Object root = unpickler.load(in);
            return new Unpickled(root, unpickler.storageTypes);
        } catch (CheckpointFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointFormatException(source + " ends inside a pickle (truncated?): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CheckpointFormatException("malformed pickle in " + source + ": " + e, e);
        }
    }

    private StateDictUnpickler() {
    }

    @Override
    protected Object dispatch(short opcode) throws IOException {
        switch (opcode) {
            case GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
                return NO_RETURN_VALUE;
            }
            case STACK_GLOBAL -> {
                String name = (String) stack.pop();
                String module = (String) stack.pop();
                stack.add(resolve(module, name));
                return NO_RETURN_VALUE;
            }
            case INST, OBJ, EXT1, EXT2, EXT4 -> throw new CheckpointFormatException(
                    "refusing pickle opcode 0x" + Integer.toHexString(opcode) + ": not used by a state dict");
            case EMPTY_DICT -> {
                stack.add(new LinkedHashMap<>());
                return NO_RETURN_VALUE;
            }
            case SETITEMS -> {
                setItemsInOrder();
                return NO_RETURN_VALUE;
            }
            case BUILD -> {
                Object state = stack.pop();
                if (!(stack.peek() instanceof Map)) {
                    throw new CheckpointFormatException("refusing to set state " + describe(state)
                            + " on a " + describe(stack.peek()));
                }
                return NO_RETURN_VALUE;
            }
            default -> {
                return super.dispatch(opcode);
            }
        }
    }

    /** Pyrolite gathers SETITEMS pairs in a HashMap first, which would lose the state dict's order. */
    @SuppressWarnings("unchecked")
    private void setItemsInOrder() throws CheckpointFormatException {
        List<Object> items = stack.pop_all_since_marker();
        if (!(stack.peek() instanceof Map)) {
            throw new CheckpointFormatException("SETITEMS on a " + describe(stack.peek()));
        }
        Map<Object, Object> dict = (Map<Object, Object>) stack.peek();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            dict.put(items.get(i), items.get(i + 1));
        }
    }

    private static String describe(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }

    private static IObjectConstructor resolve(String module, String name) throws UnsupportedPickleGlobalException {
        String global = module + "." + name;
        switch (global) {
            case "collections.OrderedDict":
                return StateDictUnpickler::orderedDict;
            case "torch._utils._rebuild_tensor_v2":
                return StateDictUnpickler::rebuildTensor;
            case "torch._utils._rebuild_parameter":
                return args -> args[0];
            default:
                if (module.equals("torch")) {
                    StorageType type = StorageType.ofTorchName(name).orElse(null);
                    if (type != null) {
                        return new StorageClass(type);
                    }
                }
                throw new UnsupportedPickleGlobalException(global);
        }
    }

    private static Object orderedDict(Object[] args) {
        Map<Object, Object> dict = new LinkedHashMap<>();
        if (args.length > 0 && args[0] instanceof List<?> pairs) {
            for (Object pair : pairs) {
                Object[] kv = (Object[]) pair;
                dict.put(kv[0], kv[1]);
            }
        }
        return dict;
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
            throw new PickleException("_rebuild_tensor_v2 needs a storage, an offset, a size and a stride");
        }
        return new PickledTensor(storage, asLong(args[1]), asLongs(args[2]), asLongs(args[3]));
    }

    /**
     * Resolves {@code ('storage', type, key, location, numel)} (zip format) and
     * {@code ('storage', type, root_key, location, numel, view_metadata)} (legacy format, where view_metadata is
     * None or {@code (view_key, element_offset, view_size)}).
     */
    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] id) || id.length < 5 || !"storage".equals(id[0])
                || !(id[1] instanceof StorageClass storageClass)) {
            throw new PickleException("unknown persistent id " + describe(pid));
        }
        long viewOffset = 0;
        if (id.length > 5 && id[5] instanceof Object[] view) {
            viewOffset = asLong(view[1]);
        }
        String key = String.valueOf(id[2]);
        storageTypes.put(key, storageClass.type());
        return new StorageRef(key, storageClass.type(), viewOffset);
    }

    private static long asLong(Object value) {
        if (!(value instanceof Number number)) {
            throw new PickleException("expected an integer, found " + describe(value));
        }
        return number.longValue();
    }

    private static long[] asLongs(Object value) {
        if (!(value instanceof Object[] tuple)) {
            throw new PickleException("expected a tuple of integers, found " + describe(value));
        }
        long[] out = new long[tuple.length];
        for (int i = 0; i < tuple.length; i++) {
            out[i] = asLong(tuple[i]);
        }
        return out;
    }

    /** A {@code torch.*Storage} class as it appears in a persistent id: a type tag that cannot be called. */
    private record StorageClass(StorageType type) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("refusing to call " + type.torchName());
        }
    }
}
