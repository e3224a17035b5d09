package dev.chimera.worker.messaging;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.contract.Method;
import dev.chimera.contract.messages.WorkerEvent;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.storage.jobs.DatabaseSettings;
import dev.chimera.storage.jobs.JobDatabase;
import dev.chimera.storage.jobs.JobQueries;
import dev.chimera.storage.jobs.JobTransitions;
import dev.chimera.storage.jobs.NewJob;
import dev.chimera.storage.jobs.OutboxMessage;
import dev.chimera.storage.jobs.RunningAttempts;
import dev.chimera.storage.jobs.SubmissionStore;
import dev.chimera.storage.jobs.TenantStore;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.storage.objects.S3Settings;
import dev.chimera.worker.config.WorkerSettings;
import dev.chimera.worker.models.DemoWeights;
import dev.chimera.worker.models.ModelRegistry;
import dev.chimera.worker.pipeline.CiaPrecision;
import dev.chimera.worker.pipeline.MemoryBudget;
import dev.chimera.worker.service.BusyListener;
import dev.chimera.worker.service.OutagePolicy;

/**
 * A real worker on the local stack for tests: PostgreSQL (in a schema of its own, so no other service sees these
 * jobs), Kafka (a consumer group of its own that starts at the latest offsets, so it sees only this test's orders)
 * and S3 (with demo weights registered when a family has none).
 */
final class WorkerTestBench implements AutoCloseable {

    private static final String SCHEMA = "worker_test";
    private static final String OUTBOX_TOPIC = "chimera.test.worker";

    // Long enough back to cover the orders sent while the new group joins; the older backlog is skipped.
    private static final String STARTS_FROM = "by_duration:PT2M";

    final String bootstrap = System.getenv().getOrDefault("CHIMERA_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    final WorkerSettings settings;
    final JobDatabase database;
    final SubmissionStore submissions;
    final JobQueries queries;
    final JobTransitions transitions;
    final RunningAttempts attempts;
    final ObjectStore objects;
    final ModelRegistry models;
    final String tenant;
    final KafkaProducer<String, String> producer;
    final Admin admin;
    /** Every busy/idle change the worker reported, in order. */
    final List<String> busyChanges = new CopyOnWriteArrayList<>();
    Worker worker;

    WorkerTestBench() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        settings = new WorkerSettings("test-worker-" + suffix, Set.of(JobKind.MORPHING, JobKind.SYNTHESIS),
                Duration.ofSeconds(3), bootstrap, "chimera-work-test-" + suffix, STARTS_FROM, Duration.ofSeconds(20),
                6, 3, (short) 1, false, Duration.ofSeconds(1), Duration.ofSeconds(3),
                OutagePolicy.withPatience(Duration.ofMinutes(1)), new MemoryBudget(8L << 30), Duration.ofSeconds(15), 5,
                Duration.ofMillis(200), CiaPrecision.FLOAT32);
        database = JobDatabase.openInSchema(DatabaseSettings.fromEnvironment(System.getenv()), SCHEMA);
        database.migrate();
        submissions = new SubmissionStore(database);
        queries = new JobQueries(database);
        transitions = new JobTransitions(database);
        attempts = new RunningAttempts(database);
        tenant = "worker-test-" + suffix;
        new TenantStore(database).create(tenant, "Worker test tenant");
        objects = new ObjectStore(S3Settings.fromEnvironment(System.getenv()));
        objects.ensureBucket();
        models = new ModelRegistry(objects, Files.createTempDirectory("worker-models"), Map.of(),
                NDManager.newBaseManager());
        DemoWeights.registerMissing(models, false);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin = Admin.create(props);
        producer = new KafkaProducer<>(KafkaClients.producer(bootstrap, "worker-test-" + suffix));
    }

    Worker startWorker() throws InterruptedException {
        worker = Worker.start(settings, Device.cpu(), attempts, objects, models, new BusyListener() {
            @Override
            public void busy() {
                busyChanges.add("busy");
            }

            @Override
            public void idle() {
                busyChanges.add("idle");
            }
        });
        if (!worker.awaitReady(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the worker got no partitions");
        }
        return worker;
    }

    /** Stores the inputs, inserts the queued job and returns the work order a scheduler would send for it. */
    WorkOrder queuedJob(Method method, String paramsJson, Map<String, byte[]> images) throws Exception {
        UUID jobId = UUID.randomUUID();
        Map<String, String> inputKeys = new LinkedHashMap<>();
        images.forEach((role, bytes) -> {
            String key = "inputs/" + jobId + "/" + role;
            objects.put(key, bytes, "image/png");
            inputKeys.put(role, key);
        });
        NewJob job = new NewJob(jobId, tenant, method, paramsJson, inputKeys, 0, Optional.empty(), Optional.empty(),
                Optional.empty());
        submissions.submit(job, new OutboxMessage(OUTBOX_TOPIC, jobId.toString(), "{\"jobId\": \"" + jobId + "\"}"));
        JsonNode params = ContractJson.mapper().readTree(paramsJson);
        return WorkOrder.of(jobId, 1, tenant, method.kind(), method, 0, params, inputKeys, null, Instant.now(),
                null);
    }

    RecordMetadata send(String topic, String key, String value) throws ExecutionException, InterruptedException {
        return producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    RecordMetadata send(WorkOrder order) throws Exception {
        return send(KafkaTopics.work(order.kind()), order.jobId().toString(),
                ContractJson.mapper().writeValueAsString(order));
    }

    /**
     * Whether the share group is done with the record: its start offset passed it, or reached it with nothing left
     * to deliver (the start offset the broker reports trails the newest acknowledgement by one record).
     */
    boolean acknowledged(RecordMetadata sent) throws ExecutionException, InterruptedException {
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        Map<TopicPartition, SharePartitionOffsetInfo> offsets = admin.listShareGroupOffsets(Map.of(settings.group(),
                        new ListShareGroupOffsetsSpec().topicPartitions(List.of(partition))))
                .partitionsToOffsetInfo(settings.group()).get();
        SharePartitionOffsetInfo offset = offsets.get(partition);
        return offset != null && (offset.startOffset() > sent.offset()
                || (offset.startOffset() == sent.offset() && offset.lag().filter(lag -> lag == 0).isPresent()));
    }

    static List<WorkerEvent> events(TopicRecorder recorder, UUID jobId) {
        return recorder.withKey(jobId.toString()).stream().map(record -> {
            try {
                return ContractJson.mapper().readValue(record.value(), WorkerEvent.class);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Override
    public void close() throws Exception {
        if (worker != null && worker.running()) {
            worker.stop();
        }
        producer.close();
        admin.close();
        models.close();
        objects.close();
        database.close();
    }
}
