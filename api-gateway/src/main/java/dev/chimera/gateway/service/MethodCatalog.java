package dev.chimera.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import dev.chimera.contract.params.ChoiceField;
import dev.chimera.contract.params.DecimalField;
import dev.chimera.contract.params.IntField;
import dev.chimera.contract.params.MethodParams;
import dev.chimera.contract.params.MethodSpec;
import dev.chimera.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client needs to build a submission form, read from the contract so it never drifts from validation: the
 * kinds, their methods, input roles, parameter defaults, the bounds of every numeric parameter and the allowed
 * values of every text parameter that is a choice.
 */
@ApplicationScoped
public class MethodCatalog {

    /** The whole catalogue. */
    public record Catalog(List<KindEntry> kinds, Limits limits) {
    }

    /** One job kind and its methods. */
    public record KindEntry(JobKind kind, Method defaultMethod, List<MethodEntry> methods) {
    }

    /**
     * One method: its input roles, default parameters, required parameters, numeric bounds and text choices by field
     * path, and whether a submit of it is accepted now (see {@link MethodAvailability}).
     */
    public record MethodEntry(Method method, List<RoleEntry> inputs, ObjectNode defaults, List<String> required,
                              Map<String, Bound> bounds, Map<String, Choice> choices, boolean available) {

        /** This entry with {@code available} set. */
        public MethodEntry withAvailable(boolean available) {
            return new MethodEntry(method, inputs, defaults, required, bounds, choices, available);
        }
    }

    /** One input image role. */
    public record RoleEntry(String role, boolean required) {
    }

    /** Inclusive bounds and default of a numeric parameter; type is {@code integer} or {@code number}. */
    public record Bound(String type, Number min, Number max, Number defaultValue) {
    }

    /** The allowed values of a text parameter, in the contract's order, and its default. */
    public record Choice(List<String> values, String defaultValue) {
    }

    /** The upload limits the gateway enforces. */
    public record Limits(long maxUploadBytes, long maxRequestBytes, long maxImagePixels) {
    }

    private final Catalog catalog;

    public MethodCatalog(GatewayConfig config) {
        List<KindEntry> kinds = Arrays.stream(JobKind.values())
                .map(kind -> new KindEntry(kind, kind.defaultMethod(), Arrays.stream(Method.values())
                        .filter(method -> method.kind() == kind).map(MethodCatalog::entry).toList()))
                .toList();
        this.catalog = new Catalog(kinds,
                new Limits(config.maxUploadBytes(), config.maxRequestBytes(), config.maxImagePixels()));
    }

    /** The catalogue, built once at start. */
    public Catalog catalog() {
        return catalog;
    }

    private static MethodEntry entry(Method method) {
        MethodSpec<? extends MethodParams> spec = method.spec();
        ObjectNode defaultsJson = ContractJson.mapper().valueToTree(spec.defaultParams());
        spec.requiredParams().forEach(defaultsJson::remove);
        Map<String, Bound> bounds = new LinkedHashMap<>();
        Map<String, Choice> choices = new LinkedHashMap<>();
        collectFields(spec.paramsType(), "", bounds, choices);
        List<RoleEntry> roles = spec.inputRoles().stream().map(r -> new RoleEntry(r.name(), r.required())).toList();
        return new MethodEntry(method, roles, defaultsJson, spec.requiredParams(), bounds, choices, false);
    }

    /** The IntField, DecimalField and ChoiceField constants of a parameter record and of the records nested in it. */
    private static void collectFields(Class<?> type, String prefix, Map<String, Bound> bounds,
                                      Map<String, Choice> choices) {
        for (Field field : type.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            Object value = constant(field);
            if (value instanceof IntField f) {
                bounds.put(prefix + f.name(), new Bound("integer", f.min(), f.max(), f.defaultValue()));
            } else if (value instanceof DecimalField f) {
                bounds.put(prefix + f.name(), new Bound("number", f.min(), f.max(), f.defaultValue()));
            } else if (value instanceof ChoiceField<?> f) {
                choices.put(prefix + f.name(), new Choice(f.wireNames(), f.defaultWireName()));
            }
        }
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getType().isRecord()) {
                    collectFields(component.getType(), prefix + component.getName() + ".", bounds, choices);
                }
            }
        }
    }

    private static Object constant(Field field) {
        try {
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("public constant " + field + " must be readable", e);
        }
    }
}
