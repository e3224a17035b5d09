package dev.chimera.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobStatus;
import dev.chimera.storage.jobs.JobEvent;
import java.time.Instant;

/** One entry of a job's timeline as the API shows it. */
public record TimelineEntry(long id, int attempt, String type, JobStatus status, Instant at, JsonNode details) {

    /** The entry for a stored timeline event. */
    public static TimelineEntry of(JobEvent event) {
        try {
            return new TimelineEntry(event.id(), event.attempt(), event.type().wireName(), event.status(), event.at(),
                    ContractJson.mapper().readTree(event.payloadJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored payload of timeline entry " + event.id() + " is not JSON", e);
        }
    }
}
