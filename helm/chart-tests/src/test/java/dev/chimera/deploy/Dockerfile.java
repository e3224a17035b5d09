package dev.chimera.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile read line by line: comments dropped, continuations joined, build-arg defaults substituted. */
final class Dockerfile {

    /** One instruction, e.g. {@code EXPOSE 8080}: its upper-case keyword and the rest of the line. */
    record Instruction(String keyword, String arguments) {
    }

    private static final Pattern INSTRUCTION = Pattern.compile("^([A-Za-z]+)\\s+(.*)$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}");
    private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");

    private final Path file;
    private final List<Instruction> instructions;

    private Dockerfile(Path file, List<Instruction> instructions) {
        this.file = file;
        this.instructions = List.copyOf(instructions);
    }

    static Dockerfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Instruction> instructions = new ArrayList<>();
        Map<String, String> argDefaults = new HashMap<>();
        StringBuilder pending = new StringBuilder();
        int lineNumber = 0;
        for (String raw : lines) {
            lineNumber++;
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            Matcher matcher = INSTRUCTION.matcher(pending.toString().strip());
            if (!matcher.matches()) {
                throw new IllegalArgumentException(file + ":" + lineNumber + " is not an instruction: " + pending);
            }
            String keyword = matcher.group(1).toUpperCase();
            String arguments = substitute(matcher.group(2).strip(), argDefaults);
            if (keyword.equals("ARG") && arguments.contains("=")) {
                argDefaults.put(arguments.substring(0, arguments.indexOf('=')),
                        arguments.substring(arguments.indexOf('=') + 1));
            }
            instructions.add(new Instruction(keyword, arguments));
            pending.setLength(0);
        }
        if (!pending.isEmpty()) {
            throw new IllegalArgumentException(file + " ends inside a continued line: " + pending);
        }
        return new Dockerfile(file, instructions);
    }

    /** The instructions of the last stage, the one that becomes the image. */
    List<Instruction> finalStage() {
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return instructions.subList(lastFrom, instructions.size());
    }

    List<Instruction> all() {
        return instructions;
    }

    /** The single value of an instruction of the final stage, e.g. {@code EXPOSE}. */
    String only(String keyword) {
        List<String> values = finalStage().stream()
                .filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        if (values.size() != 1) {
            throw new NoSuchElementException(file + " has " + values.size() + " " + keyword + " in its final stage");
        }
        return values.get(0);
    }

    /** The environment the final stage sets with ENV key=value pairs. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Instruction instruction : finalStage()) {
            if (instruction.keyword().equals("ENV")) {
                Matcher pair = ENV_PAIR.matcher(instruction.arguments());
                while (pair.find()) {
                    environment.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
                }
            }
        }
        return environment;
    }

    /** The ENTRYPOINT of the final stage, which must be in exec (JSON array) form. */
    List<String> entrypoint() {
        try {
            return List.of(new ObjectMapper().readValue(only("ENTRYPOINT"), String[].class));
        } catch (IOException e) {
            throw new IllegalStateException(file + ": ENTRYPOINT is not in exec form", e);
        }
    }

    private static String substitute(String text, Map<String, String> argDefaults) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = argDefaults.getOrDefault(matcher.group(1), matcher.group(0));
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
