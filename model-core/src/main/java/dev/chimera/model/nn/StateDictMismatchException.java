package dev.chimera.model.nn;

import java.util.List;

/** A checkpoint does not fit a network: keys missing, keys left over, or tensors of the wrong shape. */
public class StateDictMismatchException extends RuntimeException {

    private final List<String> missingKeys;
    private final List<String> unexpectedKeys;
    private final List<String> sizeMismatches;

    /** Builds the error with PyTorch's wording so that it reads like {@code load_state_dict(strict=True)}. */
    public StateDictMismatchException(String module, List<String> missingKeys, List<String> unexpectedKeys,
            List<String> sizeMismatches) {
        super(message(module, missingKeys, unexpectedKeys, sizeMismatches));
        this.missingKeys = List.copyOf(missingKeys);
        this.unexpectedKeys = List.copyOf(unexpectedKeys);
        this.sizeMismatches = List.copyOf(sizeMismatches);
    }

    private static String message(String module, List<String> missing, List<String> unexpected, List<String> sizes) {
        StringBuilder s = new StringBuilder("Error(s) in loading state_dict for " + module + ":");
        if (!missing.isEmpty()) {
            s.append("\n\tMissing key(s) in state_dict: ").append(quoted(missing)).append('.');
        }
        if (!unexpected.isEmpty()) {
            s.append("\n\tUnexpected key(s) in state_dict: ").append(quoted(unexpected)).append('.');
        }
        sizes.forEach(m -> s.append("\n\t").append(m));
        return s.toString();
    }

    private static String quoted(List<String> keys) {
        return String.join(", ", keys.stream().map(k -> '"' + k + '"').toList());
    }

    /** Keys the network has and the checkpoint lacks. */
    public List<String> missingKeys() {
        return missingKeys;
    }

    /** Keys the checkpoint has and the network lacks. */
    public List<String> unexpectedKeys() {
        return unexpectedKeys;
    }

    /** One message per tensor whose shape differs, naming the tensor and both shapes. */
    public List<String> sizeMismatches() {
        return sizeMismatches;
    }
}
