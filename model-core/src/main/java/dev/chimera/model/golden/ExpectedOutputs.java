package dev.chimera.model.golden;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The output names a case checks, from config.json's {@code outputs}: a plain name stands for itself, a family such
 * as {@code grad.<parameter name>} for every tensor of outputs.safetensors that starts with {@code grad.} (and ends
 * with whatever follows the closing bracket).
 */
final class ExpectedOutputs {

    private ExpectedOutputs() {
    }

    /**
     * Maps each config.json output entry to the tensor names it stands for, in config order. A family that matches
     * nothing maps to an empty list, and a plain name maps to itself even when the golden file lacks it, so that
     * the harness reports both as failures.
     */
    static Map<String, List<String>> names(JsonNode outputs, Set<String> goldenNames) {
        Map<String, List<String>> byEntry = new LinkedHashMap<>();
        for (Iterator<String> it = outputs.fieldNames(); it.hasNext(); ) {
            String entry = it.next();
            int open = entry.indexOf('<');
            int close = entry.indexOf('>', open + 1);
            if (open < 0 || close < 0) {
                byEntry.put(entry, List.of(entry));
                continue;
            }
            String prefix = entry.substring(0, open);
            String suffix = entry.substring(close + 1);
            List<String> members = new ArrayList<>();
            for (String name : goldenNames) {
                if (name.startsWith(prefix) && name.endsWith(suffix)
                        && name.length() > prefix.length() + suffix.length()) {
                    members.add(name);
                }
            }
            byEntry.put(entry, members);
        }
        return byEntry;
    }
}
