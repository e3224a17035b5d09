package dev.chimera.storage.jobs;

import java.time.Instant;

/** A customer account; every job and API key belongs to one. */
public record Tenant(String id, String name, Instant createdAt) {
}
