package dev.chimera.contract.params;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.chimera.contract.Method;

/** The typed, validated parameters of one method; serialised with {@code ContractJson} they read back equal. */
public sealed interface MethodParams
        permits SpliceParams, CrossImageAttentionParams, ClvaeParams, CrossbreedParams {

    /** Largest accepted seed: unsigned 32 bits, exact in every JSON client and accepted by every RNG we use. */
    long MAX_SEED = 4_294_967_295L;

    /** The method these parameters belong to. */
    @JsonIgnore
    Method method();

    /** The seed of the run's random numbers, or null for a fresh random seed. */
    Long seed();
}
