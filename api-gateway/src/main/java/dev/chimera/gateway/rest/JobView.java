package dev.chimera.gateway.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.Method;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A job as the API shows it. Absent parts are left out of the JSON: queuePosition only while queued, queueReason
 * only while it waits for admission ({@code tenant_quota}: its tenant's quota of the kind is full; {@code capacity}:
 * the workers of the kind have enough orders waiting), error only for a failure, device once a worker started the
 * job, results and inputs (presigned, short-lived URLs by name) and the sha256 of each input as the client sent it
 * (the stored input is its normalised PNG) only on the single-job resource.
 */
public record JobView(
        UUID id,
        JobKind kind,
        Method method,
        JobStatus status,
        int attempt,
        // Stored as validated JSON: written as it is, not parsed into a tree and serialized again on every poll.
        @JsonRawValue @Schema(type = SchemaType.OBJECT) String params,
        ProgressView progress,
        Long queuePosition,
        String queueReason,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        TimingsView timings,
        ErrorView error,
        String device,
        Map<String, String> results,
        Map<String, String> inputs,
        Map<String, String> originalSha256) {

    /**
     * How far the current attempt is; a training job also reports its speed, the estimated seconds left, its newest
     * loss terms by name and a presigned URL of its newest preview image.
     */
    public record ProgressView(double fraction, String stage, Integer step, Integer total, Double stepsPerSecond,
                               Double etaSeconds, Map<String, Double> losses, String previewUrl) {
    }

    /** Time spent waiting in the queue and running, in milliseconds, once known. */
    public record TimingsView(Long queueWaitMs, Long runMs) {
    }

    /** Why a job failed: a stable code and a message for people. */
    public record ErrorView(String code, String message) {
    }
}
