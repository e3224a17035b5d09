package dev.chimera.contract.params;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.FailureCode;
import dev.chimera.contract.InputRole;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The whole declaration of one generation method, made once, as the {@code SPEC} constant of its parameters record:
 * the job kind it serves, the input images it takes, how its parameters are read (defaults, bounds and the fields a
 * client must give), the failure codes a job of it may end with and the golden networks its model is made of.
 * Validation, the catalogue, the web page's form, the worker's pipeline registry and the golden list all read it.
 *
 * @param <P> the parameters record
 */
public final class MethodSpec<P extends MethodParams> {

    /** The failure codes any job may end with, whatever its method. */
    public static final List<FailureCode> EVERY_JOB = List.of(FailureCode.INPUT_MISSING,
            FailureCode.INVALID_PARAMS, FailureCode.UNSUPPORTED_METHOD, FailureCode.STORAGE_UNAVAILABLE,
            FailureCode.INPUT_TOO_LARGE, FailureCode.OUT_OF_MEMORY, FailureCode.WORKER_ERROR, FailureCode.WORKER_LOST);

    private final Method method;
    private final JobKind kind;
    private final List<InputRole> inputRoles;
    private final Class<P> paramsType;
    private final Function<FieldReader, P> reader;
    private final Supplier<P> defaults;
    private final List<String> requiredParams;
    private final List<FailureCode> failureCodes;
    private final List<String> goldenNetworks;

    /**
     * @param defaults the parameters a client gets by giving none (required fields hold placeholders)
     * @param requiredParams the fields that have no default and must be given
     * @param failureCodes the failure codes a job of this method may end with besides {@link #EVERY_JOB}
     * @param goldenNetworks the networks of its model, by the {@code network} name of their golden cases
     */
    MethodSpec(Method method, JobKind kind, List<InputRole> inputRoles, Class<P> paramsType,
            Function<FieldReader, P> reader, Supplier<P> defaults, List<String> requiredParams,
            List<FailureCode> failureCodes, List<String> goldenNetworks) {
        this.method = method;
        this.kind = kind;
        this.inputRoles = List.copyOf(inputRoles);
        this.paramsType = paramsType;
        this.reader = reader;
        this.defaults = defaults;
        this.requiredParams = List.copyOf(requiredParams);
        this.failureCodes = List.copyOf(failureCodes);
        this.goldenNetworks = List.copyOf(goldenNetworks);
    }

    /** The method's name. */
    public Method method() {
        return method;
    }

    /** The job kind it serves. */
    public JobKind kind() {
        return kind;
    }

    /** Every input image role it takes, required ones first. */
    public List<InputRole> inputRoles() {
        return inputRoles;
    }

    /** The role with this name, if the method takes it. */
    public Optional<InputRole> inputRole(String name) {
        return inputRoles.stream().filter(role -> role.name().equals(name)).findFirst();
    }

    /** The parameters record. */
    public Class<P> paramsType() {
        return paramsType;
    }

    /** The parameter fields that have no default and must be given. */
    public List<String> requiredParams() {
        return requiredParams;
    }

    /** The failure codes a job of this method may end with besides {@link #EVERY_JOB}. */
    public List<FailureCode> failureCodes() {
        return failureCodes;
    }

    /**
     * The networks its model is made of, each by the {@code network} name its golden cases and the golden harness
     * know it by ({@code dino-vit}, {@code splice-generator}, ...): every one needs a golden case checked against the
     * reference implementation before the method is served.
     */
    public List<String> goldenNetworks() {
        return goldenNetworks;
    }

    /** The parameters a client gets by giving none (the required fields hold placeholders). */
    public P defaultParams() {
        return defaults.get();
    }

    /**
     * Reads {@code params} (null for none) under the field path {@code params}, adding every problem to
     * {@code problems}, unknown fields included; the result is meaningful only when no problem was added.
     */
    public P read(JsonNode params, List<Problem> problems) {
        FieldReader fields = FieldReader.over(params, "params", problems);
        P read = reader.apply(fields);
        fields.reportUnknownFields();
        return read;
    }

    @Override
    public String toString() {
        return "MethodSpec[" + method.wireName() + "]";
    }
}
