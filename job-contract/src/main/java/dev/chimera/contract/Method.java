package dev.chimera.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.chimera.contract.params.ClvaeParams;
import dev.chimera.contract.params.CrossImageAttentionParams;
import dev.chimera.contract.params.CrossbreedParams;
import dev.chimera.contract.params.MethodParams;
import dev.chimera.contract.params.MethodSpec;
import dev.chimera.contract.params.SpliceParams;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The name of a generation method (one paper's model). Everything else about it (its kind, inputs, parameters and
 * failure codes) is declared once, in the {@link MethodSpec} constant {@code SPEC} of its parameters record.
 */
public enum Method {
    SPLICE("splice"),
    CROSS_IMAGE_ATTENTION("cross-image-attention"),
    CLVAE("clvae"),
    CROSSBREED("crossbreed");

    private final String wireName;

    Method(String wireName) {
        this.wireName = wireName;
    }

    /** The lowercase name used in JSON, URLs and the database. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** This method's whole declaration. */
    public MethodSpec<? extends MethodParams> spec() {
        return switch (this) {
            case SPLICE -> SpliceParams.SPEC;
            case CROSS_IMAGE_ATTENTION -> CrossImageAttentionParams.SPEC;
            case CLVAE -> ClvaeParams.SPEC;
            case CROSSBREED -> CrossbreedParams.SPEC;
        };
    }

    /** The job kind this method serves. */
    public JobKind kind() {
        return spec().kind();
    }

    /** Every input image role this method takes, required ones first. */
    public List<InputRole> inputRoles() {
        return spec().inputRoles();
    }

    /** The role with this name, if the method takes it. */
    public Optional<InputRole> inputRole(String name) {
        return spec().inputRole(name);
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
