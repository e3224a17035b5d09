package dev.chimera.model.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an unpickled checkpoint object into flat named tensor views: nested dicts (such as {@code {'G': state_dict,
 * 'iter': 0}}) and lists become dotted prefixes ({@code G.model.0.weight}), and every value that is not a tensor
 * (counters, strings, None) is dropped.
 */
final class PickledStateDict {

    private PickledStateDict() {
    }

    /** The tensors under {@code root}, in pickle order, by dotted name. */
    static Map<String, PickledTensor> flatten(Object root) {
        Map<String, PickledTensor> tensors = new LinkedHashMap<>();
        visit("", root, tensors);
        return tensors;
    }

    private static void visit(String name, Object value, Map<String, PickledTensor> tensors) {
        if (value instanceof PickledTensor tensor) {
            tensors.put(name, tensor);
        } else if (value instanceof Map<?, ?> dict) {
            for (Map.Entry<?, ?> e : dict.entrySet()) {
                visit(child(name, e.getKey()), e.getValue(), tensors);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                visit(child(name, i), list.get(i), tensors);
            }
        }
    }

    private static String child(String name, Object key) {
        return name.isEmpty() ? String.valueOf(key) : name + "." + key;
    }
}
