package dev.chimera.contract.params;

import com.fasterxml.jackson.annotation.JsonValue;

/** The dataset a clVAE generator was trained on, which fixes its label set and network width (MODELS.md §3). */
public enum ClvaeDataset {
    /** 151 label channels, ngf 64, 256×256. */
    ADE20K("ade20k"),
    /** 16 label channels, ngf 160, 256×256. */
    DEEPFASHION("deepfashion");

    private final String wireName;

    ClvaeDataset(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in JSON. */
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
