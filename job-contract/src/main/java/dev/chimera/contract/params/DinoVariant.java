package dev.chimera.contract.params;

import com.fasterxml.jackson.annotation.JsonValue;

/** The DINO ViT that Splice extracts its features with (hub names {@code dino_vits16} ... {@code dino_vitb8}). */
public enum DinoVariant {
    VIT_S16("vit_s16"),
    VIT_S8("vit_s8"),
    VIT_B16("vit_b16"),
    VIT_B8("vit_b8");

    private final String wireName;

    DinoVariant(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in JSON. */
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
