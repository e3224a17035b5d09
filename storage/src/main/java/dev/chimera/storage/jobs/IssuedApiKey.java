package dev.chimera.storage.jobs;

import java.util.UUID;

/** A freshly issued API key. {@code secret} is shown to the tenant once; only its sha256 is stored. */
public record IssuedApiKey(UUID id, String tenantId, String secret) {

    @Override
    public String toString() {
        return "IssuedApiKey[id=" + id + ", tenantId=" + tenantId + ", secret=<hidden>]";
    }
}
