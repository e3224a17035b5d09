package dev.chimera.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.contract.Method;
import dev.chimera.contract.messages.JobSubmitted;
import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.ProblemCode;
import dev.chimera.gateway.messaging.OutboxRelayThread;
import dev.chimera.storage.jobs.Job;
import dev.chimera.storage.jobs.NewJob;
import dev.chimera.storage.jobs.OutboxMessage;
import dev.chimera.storage.jobs.Submission;
import dev.chimera.storage.jobs.SubmissionStore;
import dev.chimera.storage.objects.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Accepts a validated submission: stores its inputs at {@code inputs/<jobId>/<role>} (in parallel), and once all
 * are stored inserts the job (with the sha256 of each input as the client sent it, since what is stored is the
 * normalised PNG) and its JobSubmitted outbox row in one transaction and wakes the relay. An idempotency key
 * already used with the same request returns the first job; with another request it is a 409. A method no live
 * worker serves is refused before anything is stored (see {@link MethodAvailability}).
 */
@ApplicationScoped
public class JobSubmissions {

    private static final Logger LOG = Logger.getLogger(JobSubmissions.class);
    /** The bounds of a job's requested priority; the tenant's ceiling, set by the admin, bounds it further. */
    public static final int MIN_PRIORITY = -100;
    public static final int MAX_PRIORITY = 100;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    private final SubmissionValidator validator;
    private final SubmissionStore jobs;
    private final ObjectStore objects;
    private final InputUploads inputUploads;
    private final OutboxRelayThread relay;
    private final MethodAvailability availability;
    private final ObjectMapper json = ContractJson.mapper();

    public JobSubmissions(SubmissionValidator validator, SubmissionStore jobs, ObjectStore objects, InputUploads inputUploads,
                          OutboxRelayThread relay, MethodAvailability availability) {
        this.validator = validator;
        this.jobs = jobs;
        this.objects = objects;
        this.inputUploads = inputUploads;
        this.relay = relay;
        this.availability = availability;
    }

    /** What a submission led to: the job, and whether this request created it (false for a replay). */
    public record Accepted(Job job, boolean created) {
    }

    /**
     * The requested priority from its query parameter text: 0 when absent, else an integer within
     * {@link #MIN_PRIORITY}..{@link #MAX_PRIORITY}.
     */
    public static int priority(String requested) {
        if (requested == null || requested.isBlank()) {
            return 0;
        }
        try {
            int priority = Integer.parseInt(requested.strip());
            if (priority >= MIN_PRIORITY && priority <= MAX_PRIORITY) {
                return priority;
            }
        } catch (NumberFormatException e) {
            // Refused below like an out-of-range number.
        }
        Problem problem = new Problem(ProblemCode.OUT_OF_RANGE, "priority",
                "must be an integer within " + MIN_PRIORITY + ".." + MAX_PRIORITY);
        throw new RequestRefusedException(422, problem.code().wireName(), "invalid priority", List.of(problem));
    }

    /** Validates, stores and enqueues the submission. */
    public Accepted submit(String tenantId, SubmissionForm form, Optional<String> idempotencyKey, int priority) {
        idempotencyKey.ifPresent(JobSubmissions::checkIdempotencyKey);
        SubmissionValidator.ValidSubmission valid = validator.validate(form);
        Method method = valid.params().method();
        Map<String, String> originalHashes = new LinkedHashMap<>();
        valid.images().forEach((role, image) -> originalHashes.put(role, image.originalSha256()));
        String requestHash = RequestFingerprint.of(method, valid.paramsJson(), originalHashes);

        if (idempotencyKey.isPresent()) {
            Optional<Job> earlier = jobs.findByIdempotencyKey(tenantId, idempotencyKey.get());
            if (earlier.isPresent()) {
                return replayOrConflict(earlier.get(), requestHash);
            }
        }
        availability.requireAvailable(method);

        UUID jobId = UUID.randomUUID();
        Map<String, String> inputKeys = new LinkedHashMap<>();
        valid.images().keySet().forEach(role -> inputKeys.put(role, "inputs/" + jobId + "/" + role));
        Submission submission;
        try {
            inputUploads.store(inputKeys, valid.images());
            NewJob job = new NewJob(jobId, tenantId, method, valid.paramsJson(), inputKeys, priority,
                    Optional.empty(), Optional.empty(), Optional.empty(), originalHashes);
            if (idempotencyKey.isPresent()) {
                job = job.withIdempotencyKey(idempotencyKey.get(), requestHash);
            }
            submission = jobs.submit(job, submittedMessage(job));
        } catch (RuntimeException e) {
            deleteQuietly(inputKeys.values(), e);
            throw e;
        }
        if (submission instanceof Submission.Created created) {
            relay.wake();
            LOG.infof("submission accepted tenant=%s job=%s original_sha256=%s", tenantId, jobId, originalHashes);
            return new Accepted(created.job(), true);
        }
        // A concurrent request with the same key won the insert: our uploads belong to no job.
        deleteQuietly(inputKeys.values(), null);
        return replayOrConflict(submission.job(), requestHash);
    }

    private void deleteQuietly(Collection<String> keys, RuntimeException cause) {
        for (String key : keys) {
            try {
                objects.delete(key);
            } catch (RuntimeException e) {
                LOG.warnf("orphaned input left behind key=%s error=%s", key, e.getMessage());
                if (cause != null) {
                    cause.addSuppressed(e);
                }
            }
        }
    }

    private static Accepted replayOrConflict(Job earlier, String requestHash) {
        if (earlier.requestHash().filter(requestHash::equals).isPresent()) {
            LOG.infof("submission replayed tenant=%s job=%s", earlier.tenantId(), earlier.id());
            return new Accepted(earlier, false);
        }
        throw RequestRefusedException.of(409, "idempotency_conflict",
                "this Idempotency-Key was used for job " + earlier.id() + " with a different request");
    }

    private OutboxMessage submittedMessage(NewJob job) {
        JobSubmitted message = JobSubmitted.of(job.id(), job.tenantId(), job.kind(), job.method(), job.priority(),
                readTree(job.paramsJson()), job.inputKeys(), Instant.now(), job.deadline().orElse(null));
        try {
            return new OutboxMessage(KafkaTopics.SUBMITTED, job.id().toString(), json.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JobSubmitted message must serialise", e);
        }
    }

    private JsonNode readTree(String paramsJson) {
        try {
            return json.readTree(paramsJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("canonical parameters must parse", e);
        }
    }

    private static void checkIdempotencyKey(String key) {
        if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw RequestRefusedException.of(400, "invalid_idempotency_key",
                    "Idempotency-Key must be 1 to 200 visible ASCII characters");
        }
    }
}
