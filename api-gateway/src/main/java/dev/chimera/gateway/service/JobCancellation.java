package dev.chimera.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobStatus;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.contract.messages.ControlMessage;
import dev.chimera.gateway.messaging.OutboxRelayThread;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.JobTransitions;
import dev.chimera.storage.jobs.OutboxMessage;
import dev.chimera.storage.jobs.Transition;
import dev.chimera.storage.jobs.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Cancels a tenant's job. A queued job is canceled at once; a running one is canceled in Postgres and, in the same
 * transaction, a cancel command for its attempt goes to the worker through the outbox. Both are conditional
 * transitions, so a job that moves concurrently is re-read and the cancel retried against its new state.
 */
@ApplicationScoped
public class JobCancellation {

    private static final int ATTEMPTS = 5;

    private final JobQueries jobs;
    private final JobTransitions transitions;
    private final OutboxRelayThread relay;

    public JobCancellation(JobQueries jobs, JobTransitions transitions, OutboxRelayThread relay) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.relay = relay;
    }

    /** The job after cancellation; 404 for an unknown or foreign job, 409 job_finished for an ended one. */
    public Job cancel(String tenantId, UUID jobId) {
        Job job = jobs.get(tenantId, jobId).orElseThrow(() -> RequestRefusedException.notFound("no job " + jobId));
        for (int i = 0; i < ATTEMPTS; i++) {
            if (job.status().isTerminal()) {
                throw RequestRefusedException.of(409, "job_finished",
                        "job " + jobId + " has already ended " + job.status().wireName());
            }
            TransitionResult result = job.status() == JobStatus.RUNNING
                    ? transitions.transition(Transition.cancel(jobId, job.attempt(), JobStatus.RUNNING),
                            List.of(controlMessage(job)))
                    : transitions.transition(Transition.cancel(jobId, job.attempt(), job.status()));
            if (result instanceof TransitionResult.Applied applied) {
                relay.wake();
                return applied.job();
            }
            job = jobs.get(tenantId, jobId).orElseThrow(() -> RequestRefusedException.notFound("no job " + jobId));
        }
        throw RequestRefusedException.of(409, "job_busy", "job " + jobId + " kept changing; retry the cancel");
    }

    private static OutboxMessage controlMessage(Job job) {
        ControlMessage cancel = ControlMessage.cancel(job.id(), job.attempt(), Instant.now(), "canceled by the tenant");
        try {
            return new OutboxMessage(KafkaTopics.CONTROL, job.id().toString(),
                    ContractJson.mapper().writeValueAsString(cancel));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ControlMessage must serialise", e);
        }
    }
}
