package dev.chimera.worker.registrytool;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.chimera.worker.models.ModelLoader;

/**
 * A model family the registry tool knows how to verify: the file roles its loader reads, the configuration of the
 * published network, the worker's loader (the proof that a file fits), and where the official weights are published.
 *
 * @param requiredRoles roles every version has, e.g. {@code generator}
 * @param optionalRoles roles a version may have, e.g. clVAE's {@code encoder} for style guidance
 * @param publishedConfig the manifest config of the published network, used when no other config is given
 * @param nestedUnder the key the published checkpoint keeps the network under (Crossbreed's {@code 'G'} beside
 *     {@code 'D'}), as a prefix such as {@code G.}, taken when a file has it and no other prefix is given
 * @param official where the published weights can be downloaded from, when there is a direct link
 * @param licence the licence note recorded in manifests of official weights
 */
public record ModelFamily(String name, List<String> requiredRoles, List<String> optionalRoles,
        JsonNode publishedConfig, ModelLoader<?> loader, Optional<String> nestedUnder,
        Optional<OfficialWeights> official, String licence) {

    /** A published checkpoint: one role's file at a direct URL, optionally a sub-dict of it. */
    public record OfficialWeights(String role, String url, String prefix) {
    }

    /** Whether {@code role} is one of this family's roles. */
    public boolean hasRole(String role) {
        return requiredRoles.contains(role) || optionalRoles.contains(role);
    }
}
