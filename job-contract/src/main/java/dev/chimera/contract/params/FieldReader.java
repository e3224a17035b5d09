package dev.chimera.contract.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the fields of one JSON object, collecting a problem instead of throwing and falling back to the default, so
 * that one pass finds every problem. An absent field and an explicit JSON null both mean "use the default".
 */
final class FieldReader {

    private final JsonNode node;
    private final String path;
    private final List<Problem> problems;
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> faulty = new HashSet<>();

    private FieldReader(JsonNode node, String path, List<Problem> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** A reader over {@code json} at {@code path}; anything but an object (or nothing) is itself a problem. */
    static FieldReader over(JsonNode json, String path, List<Problem> problems) {
        if (json == null || json.isMissingNode() || json.isNull()) {
            return new FieldReader(JsonNodeFactory.instance.objectNode(), path, problems);
        }
        if (!json.isObject()) {
            problems.add(new Problem(ProblemCode.WRONG_TYPE, path, "must be a JSON object"));
            return new FieldReader(JsonNodeFactory.instance.objectNode(), path, problems);
        }
        return new FieldReader(json, path, problems);
    }

    int read(IntField field) {
        JsonNode value = value(field.name());
        if (value == null) {
            return field.defaultValue();
        }
        if (!isIntegral(value)) {
            problem(ProblemCode.WRONG_TYPE, field.name(), "must be an integer, was " + value);
            return field.defaultValue();
        }
        if (!value.canConvertToLong() || value.longValue() < field.min() || value.longValue() > field.max()) {
            problem(ProblemCode.OUT_OF_RANGE, field.name(),
                    "must be within " + field.min() + ".." + field.max() + ", was " + value);
            return field.defaultValue();
        }
        return value.intValue();
    }

    double read(DecimalField field) {
        JsonNode value = value(field.name());
        if (value == null) {
            return field.defaultValue();
        }
        if (!value.isNumber()) {
            problem(ProblemCode.WRONG_TYPE, field.name(), "must be a number, was " + value);
            return field.defaultValue();
        }
        double number = value.doubleValue();
        if (!(number >= field.min() && number <= field.max())) {
            problem(ProblemCode.OUT_OF_RANGE, field.name(),
                    "must be within " + plain(field.min()) + ".." + plain(field.max()) + ", was " + value);
            return field.defaultValue();
        }
        return number;
    }

    boolean read(String name, boolean defaultValue) {
        JsonNode value = value(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            problem(ProblemCode.WRONG_TYPE, name, "must be true or false, was " + value);
            return defaultValue;
        }
        return value.booleanValue();
    }

    /** An optional seed; null when absent. */
    Long seed(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!isIntegral(value)) {
            problem(ProblemCode.WRONG_TYPE, name, "must be an integer, was " + value);
            return null;
        }
        if (!value.canConvertToLong() || value.longValue() < 0 || value.longValue() > MethodParams.MAX_SEED) {
            problem(ProblemCode.OUT_OF_RANGE, name, "must be within 0.." + MethodParams.MAX_SEED + ", was " + value);
            return null;
        }
        return value.longValue();
    }

    /** One of the field's choices, written in JSON by its wire name. */
    <E> E read(ChoiceField<E> field) {
        return choice(field.name(), field.defaultValue(), field.choices(), field.wireName());
    }

    /** One of {@code choices}, written in JSON by its wire name. */
    private <E> E choice(String name, E defaultValue, List<E> choices, Function<E, String> wireName) {
        JsonNode value = value(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isTextual()) {
            problem(ProblemCode.WRONG_TYPE, name, "must be a string, was " + value);
            return defaultValue;
        }
        for (E choice : choices) {
            if (wireName.apply(choice).equals(value.textValue())) {
                return choice;
            }
        }
        String allowed = choices.stream().map(wireName).collect(Collectors.joining(", "));
        problem(ProblemCode.INVALID_VALUE, name, "must be one of " + allowed + ", was " + value);
        return defaultValue;
    }

    /** A text that must be present and match {@code form}; null when it has a problem. */
    String requiredText(String name, Pattern form, String formDescription) {
        JsonNode value = value(name);
        if (value == null || (value.isTextual() && value.textValue().isBlank())) {
            problem(ProblemCode.REQUIRED, name, "is required");
            return null;
        }
        if (!value.isTextual()) {
            problem(ProblemCode.WRONG_TYPE, name, "must be a string, was " + value);
            return null;
        }
        if (!form.matcher(value.textValue()).matches()) {
            problem(ProblemCode.INVALID_VALUE, name, "must be " + formDescription + ", was " + value);
            return null;
        }
        return value.textValue();
    }

    /** Reads a nested object with {@code reading}, then reports its unknown fields. */
    <T> T object(String name, Function<FieldReader, T> reading) {
        JsonNode value = value(name);
        FieldReader nested;
        if (value != null && !value.isObject()) {
            problem(ProblemCode.WRONG_TYPE, name, "must be a JSON object, was " + value);
            nested = new FieldReader(JsonNodeFactory.instance.objectNode(), pathOf(name), problems);
        } else {
            nested = over(value, pathOf(name), problems);
        }
        T result = reading.apply(nested);
        nested.reportUnknownFields();
        return result;
    }

    /** Reports every field that no read asked for; call once, after all reads. */
    void reportUnknownFields() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(ProblemCode.UNKNOWN_FIELD, name, "is not a known field; known fields: " + String.join(", ", known));
            }
        }
    }

    /** Records a problem about a field, e.g. one that breaks a bound set by another field. */
    void problem(ProblemCode code, String name, String message) {
        faulty.add(name);
        problems.add(new Problem(code, pathOf(name), message));
    }

    /** True when reading {@code name} already produced a problem. */
    boolean hasProblem(String name) {
        return faulty.contains(name);
    }

    private JsonNode value(String name) {
        known.add(name);
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private String pathOf(String name) {
        return path + "." + name;
    }

    private static boolean isIntegral(JsonNode value) {
        return value.isIntegralNumber() || (value.isNumber() && value.canConvertToExactIntegral());
    }

    private static String plain(double number) {
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }
}
