package dev.chimera.scheduler.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.OutboxMessage;
import java.time.Instant;

/** Builds work orders from stored jobs (Postgres is the truth, not the message that announced the job). */
public final class WorkOrders {

    private static final ObjectMapper JSON = ContractJson.mapper();

    private WorkOrders() {
    }

    /** The order for {@code attempt} of the job, resuming from {@code resumeCheckpointKey} when not null. */
    public static WorkOrder of(Job job, int attempt, String resumeCheckpointKey, Instant dispatchedAt) {
        try {
            return WorkOrder.of(job.id(), attempt, job.tenantId(), job.kind(), job.method(), job.priority(),
                    JSON.readTree(job.paramsJson()), job.inputKeys(), resumeCheckpointKey, dispatchedAt,
                    job.deadline().orElse(null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored params of job " + job.id() + " are not JSON", e);
        }
    }

    /** The topic the order goes to: the work topic of the job's kind. */
    public static String topic(WorkOrder order) {
        return KafkaTopics.work(order.kind());
    }

    /** The order as JSON. */
    public static String json(WorkOrder order) {
        try {
            return JSON.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write work order of job " + order.jobId(), e);
        }
    }

    /** The order as an outbox row, keyed by job id like every record of a job. */
    public static OutboxMessage outboxMessage(WorkOrder order) {
        return new OutboxMessage(topic(order), order.jobId().toString(), json(order));
    }
}
