package dev.chimera.contract.params;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that validates a job's kind, method, parameters and input roles, finding every problem in one pass.
 * The gateway answers its problems with a 4xx; the worker re-reads stored parameters through it.
 *
 * <p>Field paths: {@code kind}, {@code method}, {@code params.<name>[.<nested>]}, {@code inputs.<role>}.
 */
public final class ParamsValidation {

    private ParamsValidation() {
    }

    /** Validates parameters for a kind and an optional method (absent means the kind's default method). */
    public static ValidationResult validate(JobKind kind, Optional<Method> method, JsonNode params) {
        List<Problem> problems = new ArrayList<>();
        Method resolved = method.orElse(kind.defaultMethod());
        if (resolved.kind() != kind) {
            problems.add(methodNotForKind(resolved, kind));
        }
        return result(read(resolved, params, problems), problems);
    }

    /** Validates wire names as a client sent them; {@code method} may be null for the kind's default method. */
    public static ValidationResult validateWireNames(String kind, String method, JsonNode params) {
        List<Problem> problems = new ArrayList<>();
        Optional<Method> resolved = resolveMethod(resolveKind(kind, problems), method, problems);
        MethodParams read = resolved.map(m -> read(m, params, problems)).orElse(null);
        return result(read, problems);
    }

    /**
     * Validates a whole submission: kind, method, parameters and the roles of the supplied images. For clVAE a
     * {@code styleGuided} left out follows the presence of a {@code style} image, and one given must agree with it.
     */
    public static ValidationResult validateSubmission(String kind, String method, JsonNode params,
            Set<String> inputRoles) {
        List<Problem> problems = new ArrayList<>();
        Optional<Method> resolved = resolveMethod(resolveKind(kind, problems), method, problems);
        if (resolved.isEmpty()) {
            return result(null, problems);
        }
        MethodParams read = read(resolved.get(), params, problems);
        problems.addAll(InputRoleCheck.problems(resolved.get(), inputRoles));
        if (read instanceof ClvaeParams clvae) {
            read = reconcileStyle(clvae, params, inputRoles, problems);
        }
        return result(read, problems);
    }

    private static Optional<JobKind> resolveKind(String kind, List<Problem> problems) {
        if (kind == null || kind.isBlank()) {
            problems.add(new Problem(ProblemCode.REQUIRED, "kind", "is required"));
            return Optional.empty();
        }
        Optional<JobKind> resolved = JobKind.fromWireName(kind);
        if (resolved.isEmpty()) {
            problems.add(new Problem(ProblemCode.UNKNOWN_KIND, "kind",
                    "must be one of " + wireNames(JobKind.values()) + ", was \"" + kind + "\""));
        }
        return resolved;
    }

    /** Resolves the method even when it does not fit the kind, so that its parameters are checked too. */
    private static Optional<Method> resolveMethod(Optional<JobKind> kind, String method, List<Problem> problems) {
        if (method == null || method.isBlank()) {
            return kind.map(JobKind::defaultMethod);
        }
        Optional<Method> resolved = Method.fromWireName(method);
        if (resolved.isEmpty()) {
            problems.add(new Problem(ProblemCode.UNKNOWN_METHOD, "method",
                    "must be one of " + wireNames(Method.values()) + ", was \"" + method + "\""));
        } else if (kind.isPresent() && resolved.get().kind() != kind.get()) {
            problems.add(methodNotForKind(resolved.get(), kind.get()));
        }
        return resolved;
    }

    private static MethodParams read(Method method, JsonNode params, List<Problem> problems) {
        return method.spec().read(params, problems);
    }

    private static ClvaeParams reconcileStyle(ClvaeParams clvae, JsonNode params, Set<String> inputRoles,
            List<Problem> problems) {
        boolean styleSupplied = inputRoles.contains("style");
        JsonNode flag = params == null ? null : params.get(ClvaeParams.STYLE_GUIDED);
        if (flag == null || !flag.isBoolean()) {
            return clvae.withStyleGuided(styleSupplied);
        }
        if (clvae.styleGuided() && !styleSupplied) {
            problems.add(new Problem(ProblemCode.MISSING_INPUT, "inputs.style",
                    "is required when params.styleGuided is true"));
        } else if (!clvae.styleGuided() && styleSupplied) {
            problems.add(new Problem(ProblemCode.UNEXPECTED_INPUT, "inputs.style",
                    "is not used when params.styleGuided is false"));
        }
        return clvae;
    }

    private static Problem methodNotForKind(Method method, JobKind kind) {
        return new Problem(ProblemCode.METHOD_NOT_FOR_KIND, "method", method.wireName() + " serves "
                + method.kind().wireName() + " jobs, not " + kind.wireName());
    }

    private static ValidationResult result(MethodParams params, List<Problem> problems) {
        return problems.isEmpty() ? new ValidationResult.Valid(params) : new ValidationResult.Invalid(problems);
    }

    private static String wireNames(JobKind[] kinds) {
        return String.join(", ", Arrays.stream(kinds).map(JobKind::wireName).toList());
    }

    private static String wireNames(Method[] methods) {
        return String.join(", ", Arrays.stream(methods).map(Method::wireName).toList());
    }
}
