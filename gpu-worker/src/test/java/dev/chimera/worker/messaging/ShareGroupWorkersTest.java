package dev.chimera.worker.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.Method;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.worker.config.WorkerSettings;
import dev.chimera.worker.models.ModelRegistry;
import dev.chimera.worker.service.BusyListener;
import dev.chimera.worker.service.JobRunner;

/**
 * Four workers in one share group on a work topic with a single partition, against the local stack's Kafka,
 * PostgreSQL and S3: with a consumer group only one of them could read the partition; with a share group all four
 * run a job at the same time.
 */
@Tag("integration")
class ShareGroupWorkersTest {

    private static final int WORKERS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    private WorkerTestBench bench;
    private String topic;
    private final List<WorkLoop> loops = new ArrayList<>();
    private final List<JobRunner> runners = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void startFourWorkers() throws Exception {
        bench = new WorkerTestBench();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        topic = "chimera.test.work-one-partition-" + suffix;
        bench.admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        WorkerSettings settings = bench.settings;
        WorkerSettings group = new WorkerSettings(settings.workerId(), settings.kinds(), settings.leaseTtl(),
                settings.kafkaBootstrap(), "chimera-work-four-" + suffix, "earliest", settings.shutdownGrace(),
                settings.workPartitions(), settings.otherPartitions(), settings.replication(), false,
                settings.announceEvery(), settings.announcementTtl(), settings.outages(), settings.memoryBudget(),
                Duration.ofSeconds(15), 5, settings.groupHeartbeat(), settings.ciaPrecision());
        ShareGroupSettings.apply(bench.admin, group, Duration.ofSeconds(30));
        for (int i = 0; i < WORKERS; i++) {
            String workerId = "share-worker-" + i + "-" + suffix;
            EventProducer producer = new EventProducer(bench.bootstrap, workerId);
            ModelRegistry models = new ModelRegistry(bench.objects, Files.createTempDirectory("share-models"),
                    Map.of(), NDManager.newBaseManager());
            ScheduledExecutorService leaseTimer = Executors.newSingleThreadScheduledExecutor();
            resources.addAll(List.of(producer, models, leaseTimer::shutdownNow));
            JobRunner runner = new JobRunner(workerId, Device.cpu(), bench.attempts, bench.objects,
                    Worker.pipelines(models, settings.ciaPrecision()), producer, Duration.ofSeconds(10), false,
                    leaseTimer, BusyListener.NONE,
                    settings.outages(), settings.memoryBudget());
            WorkLoop loop = new WorkLoop(bench.bootstrap, group.group(), List.of(topic), runner, producer);
            new Thread(loop, "share-loop-" + i).start();
            runners.add(runner);
            loops.add(loop);
        }
        for (WorkLoop loop : loops) {
            assertTrue(loop.awaitAssignment(Duration.ofSeconds(60)), "every worker joined the share group");
        }
    }

    @AfterEach
    void stopWorkers() throws Exception {
        for (WorkLoop loop : loops) {
            loop.stop(Duration.ofSeconds(20));
        }
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        bench.admin.deleteTopics(List.of(topic)).all().get();
        bench.close();
    }

    @Test
    void fourWorkersOnATopicWithOnePartitionAllRunAJobAtOnce() throws Exception {
        List<WorkOrder> orders = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            WorkOrder order = bench.queuedJob(Method.CROSSBREED, "{\"frames\": 64, \"disentangled\": true,"
                    + " \"gridSize\": 16}", Map.of("imageA", picture(10), "imageB", picture(200)));
            bench.send(topic, order.jobId().toString(), ContractJson.mapper().writeValueAsString(order));
            orders.add(order);
        }

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> runners.stream().allMatch(JobRunner::busy));

        Set<String> owners = orders.stream().map(order -> bench.queries.get(order.jobId()).orElseThrow())
                .map(job -> job.leaseOwner().orElseThrow()).collect(Collectors.toSet());
        assertEquals(WORKERS, owners.size(), "four jobs, four workers: " + owners);
        await().atMost(TIMEOUT).until(() -> runners.stream().noneMatch(JobRunner::busy));
    }

    private static byte[] picture(int shade) throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, ((x * 4) << 16) | ((y * 4) << 8) | shade);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
