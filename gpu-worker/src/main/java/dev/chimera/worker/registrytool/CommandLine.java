package dev.chimera.worker.registrytool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A command's arguments: positional ones, {@code --name VALUE} options (repeatable) and {@code --flag}s. */
record CommandLine(List<String> positional, Map<String, List<String>> options, Set<String> flags) {

    /** Splits {@code args}; the names in {@code valued} take a value, any other {@code --name} is a flag. */
    static CommandLine parse(List<String> args, String... valued) {
        Set<String> takesValue = Set.of(valued);
        List<String> positional = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        Set<String> flags = new java.util.HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (takesValue.contains(arg)) {
                if (i + 1 == args.size()) {
                    throw new WeightsTool.UsageException(arg + " needs a value");
                }
                options.computeIfAbsent(arg, name -> new ArrayList<>()).add(args.get(++i));
            } else if (arg.startsWith("--")) {
                if (!Set.of("--untrained", "--replace").contains(arg)) {
                    throw new WeightsTool.UsageException("unknown option " + arg);
                }
                flags.add(arg);
            } else {
                positional.add(arg);
            }
        }
        return new CommandLine(List.copyOf(positional), options, Set.copyOf(flags));
    }

    /** The last value of a valued option. */
    Optional<String> value(String name) {
        List<String> values = values(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** Every value of a repeatable option, in order. */
    List<String> values(String name) {
        return options.getOrDefault(name, List.of());
    }

    /** Whether a flag was given. */
    boolean flag(String name) {
        return flags.contains(name);
    }
}
