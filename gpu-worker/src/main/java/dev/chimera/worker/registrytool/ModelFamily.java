package dev.chimera.worker.registrytool;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.chimera.worker.models.ModelLoader;

/**
 * A model family the registry tool knows how to verify: the file roles its loader reads, the configuration of the
 * published network, the worker's loader (the proof that a file fits), and where the official weights are published.
 *
 * @param requiredRoles roles every version has, e.g. {@code generator}
 * @param optionalRoles roles a version may have, e.g. clVAE's {@code encoder} for style guidance
 * @param plainFiles roles whose file is no checkpoint and is registered byte for byte, by role, under the file name
 *     given (SD 1.5's {@code tokenizer} → {@code tokenizer.txt.gz})
 * @param publishedConfig the manifest config of the published network, used when no other config is given
 * @param nestedUnder the key the published checkpoint keeps the network under (Crossbreed's {@code 'G'} beside
 *     {@code 'D'}), as a prefix such as {@code G.}, taken when a file has it and no other prefix is given
 * @param official where the published files can be downloaded from, one per role, when there are direct links
 * @param licence the licence note recorded in manifests of official weights
 */
public record ModelFamily(String name, List<String> requiredRoles, List<String> optionalRoles,
        Map<String, String> plainFiles, JsonNode publishedConfig, ModelLoader<?> loader,
        Optional<String> nestedUnder, List<OfficialWeights> official, String licence) {

    /** Copies the lists. */
    public ModelFamily {
        requiredRoles = List.copyOf(requiredRoles);
        optionalRoles = List.copyOf(optionalRoles);
        plainFiles = Map.copyOf(plainFiles);
        official = List.copyOf(official);
    }

    /** A family whose every file is a checkpoint. */
    public ModelFamily(String name, List<String> requiredRoles, List<String> optionalRoles, JsonNode publishedConfig,
            ModelLoader<?> loader, Optional<String> nestedUnder, Optional<OfficialWeights> official, String licence) {
        this(name, requiredRoles, optionalRoles, Map.of(), publishedConfig, loader, nestedUnder,
                official.stream().toList(), licence);
    }

    /** A published file: one role's file at a direct URL, optionally a sub-dict of it. */
    public record OfficialWeights(String role, String url, String prefix) {
    }

    /** Whether {@code role} is one of this family's roles. */
    public boolean hasRole(String role) {
        return requiredRoles.contains(role) || optionalRoles.contains(role);
    }

    /** Whether {@code role}'s file is registered as it is rather than read as a checkpoint. */
    public boolean isPlainFile(String role) {
        return plainFiles.containsKey(role);
    }
}
