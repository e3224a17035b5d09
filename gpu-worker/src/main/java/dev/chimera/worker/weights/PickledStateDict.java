package dev.chimera.worker.weights;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Turns an unpickled checkpoint object into flat named tensors: nested dicts (such as {@code {'G': state_dict,
 * 'iter': 0}}) and lists become dotted prefixes ({@code G.model.0.weight}), tensors get their storage's bytes, and
 * every other value (counters, strings, None) is dropped.
 */
final class PickledStateDict {

    private final StorageBytes storages;
    private final NDManager manager;
    private final Map<String, byte[]> loaded = new HashMap<>();
    private final Map<String, NDArray> tensors = new LinkedHashMap<>();

    private PickledStateDict(StorageBytes storages, NDManager manager) {
        this.storages = storages;
        this.manager = manager;
    }

    static Map<String, NDArray> flatten(Object root, StorageBytes storages, NDManager manager) throws IOException {
        PickledStateDict state = new PickledStateDict(storages, manager);
        state.visit("", root);
        return state.tensors;
    }

    private void visit(String name, Object value) throws IOException {
        if (value instanceof PickledTensor tensor) {
            tensors.put(name, tensor.materialize(name, storage(tensor.storage().key()), manager));
        } else if (value instanceof Map<?, ?> dict) {
            for (Map.Entry<?, ?> e : dict.entrySet()) {
                visit(child(name, e.getKey()), e.getValue());
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                visit(child(name, i), list.get(i));
            }
        }
    }

    private static String child(String name, Object key) {
        return name.isEmpty() ? String.valueOf(key) : name + "." + key;
    }

    private byte[] storage(String key) throws IOException {
        byte[] bytes = loaded.get(key);
        if (bytes == null) {
            bytes = storages.of(key);
            loaded.put(key, bytes);
        }
        return bytes;
    }
}
