package dev.chimera.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A generation method (one paper's model), the kind of job it serves and the input images it takes. */
public enum Method {
    SPLICE("splice", JobKind.TRANSFER,
            List.of(InputRole.required("structure"), InputRole.required("appearance"))),
    CROSS_IMAGE_ATTENTION("cross-image-attention", JobKind.TRANSFER,
            List.of(InputRole.required("structure"), InputRole.required("appearance"))),
    CLVAE("clvae", JobKind.SYNTHESIS,
            List.of(InputRole.required("labelMap"), InputRole.optional("style"))),
    CROSSBREED("crossbreed", JobKind.MORPHING,
            List.of(InputRole.required("imageA"), InputRole.required("imageB")));

    private final String wireName;
    private final JobKind kind;
    private final List<InputRole> inputRoles;

    Method(String wireName, JobKind kind, List<InputRole> inputRoles) {
        this.wireName = wireName;
        this.kind = kind;
        this.inputRoles = inputRoles;
    }

    /** The lowercase name used in JSON, URLs and the database. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The job kind this method serves. */
    public JobKind kind() {
        return kind;
    }

    /** Every input image role this method takes, required ones first. */
    public List<InputRole> inputRoles() {
        return inputRoles;
    }

    /** The role with this name, if the method takes it. */
    public Optional<InputRole> inputRole(String name) {
        return inputRoles.stream().filter(role -> role.name().equals(name)).findFirst();
    }

    /** The method with this wire name, if any. */
    public static Optional<Method> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(method -> method.wireName.equals(wireName)).findFirst();
    }

    @JsonCreator
    static Method fromJson(String wireName) {
        return fromWireName(wireName)
                .orElseThrow(() -> new IllegalArgumentException("unknown method: " + wireName));
    }
}
