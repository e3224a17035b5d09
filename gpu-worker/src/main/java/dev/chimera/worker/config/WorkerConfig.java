package dev.chimera.worker.config;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.chimera.contract.JobKind;
import dev.chimera.worker.pipeline.CiaPrecision;
import dev.chimera.worker.pipeline.MemoryBudget;
import dev.chimera.worker.service.OutagePolicy;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The worker's configuration; application.properties maps each entry to its CHIMERA_* environment variable. */
@ConfigMapping(prefix = "chimera.worker")
public interface WorkerConfig {

    /** CHIMERA_WORKER_ID: the lease owner name; hostname-pid when unset. */
    Optional<String> id();

    /** CHIMERA_WORKER_KINDS: the job kinds whose work topics this worker reads. */
    List<String> kinds();

    /** CHIMERA_LEASE_TTL: how long a claim lasts without renewal; renewed every third of it. */
    Duration leaseTtl();

    /** CHIMERA_KAFKA_BOOTSTRAP. */
    String kafkaBootstrap();

    /** CHIMERA_WORKER_GROUP: the share group of the work topics. */
    @WithDefault("chimera-work")
    String group();

    /** Where the share group starts on a partition it has not read yet. */
    @WithDefault("earliest")
    String offsetReset();

    /** CHIMERA_WORK_LOCK_TIMEOUT: how long an acquired, unacknowledged work order stays with its worker. */
    @WithDefault("30s")
    Duration lockTimeout();

    /** CHIMERA_WORK_DELIVERY_LIMIT: how often a work order is handed out before Kafka gives up on it. */
    @WithDefault("5")
    int deliveryLimit();

    /**
     * CHIMERA_WORK_GROUP_HEARTBEAT: the share group's heartbeat interval, how soon a worker that finished a job takes
     * orders again; at least the brokers' {@code group.share.min.heartbeat.interval.ms}.
     */
    @WithDefault("200ms")
    Duration groupHeartbeat();

    /** CHIMERA_SHUTDOWN_GRACE: how long shutdown waits for the running job to stop and be released. */
    Duration shutdownGrace();

    /** CHIMERA_MODEL_CACHE: local directory of downloaded model files. */
    String modelCache();

    /** Partitions of the work topics when the worker creates them. */
    @WithDefault("6")
    int workPartitions();

    /** Partitions of the events, control and dead-letter topics when the worker creates them. */
    @WithDefault("3")
    int otherPartitions();

    /**
     * CHIMERA_CHECKPOINT_RETENTION: {@code delete} removes a job's checkpoints once its result is stored (or it was
     * canceled); {@code keep} leaves them.
     */
    @WithDefault("delete")
    String checkpointRetention();

    /** Replication factor of topics the worker creates. */
    @WithDefault("1")
    short replication();

    /** CHIMERA_WORKER_ANNOUNCE_EVERY: how often the worker announces the methods it serves. */
    @WithDefault("10s")
    Duration announceEvery();

    /** CHIMERA_WORKER_ANNOUNCEMENT_TTL: how long each announcement holds unless renewed; longer than the period. */
    @WithDefault("30s")
    Duration announcementTtl();

    /**
     * CHIMERA_OUTAGE_PATIENCE: how long a job waits in place for object storage, the database or the broker to
     * answer again before it fails {@code storage_unavailable} (and is retried by the scheduler).
     */
    @WithDefault("10m")
    Duration outagePatience();

    /**
     * CHIMERA_JOB_MEMORY_BUDGET: the most memory one job's tensors may take (e.g. {@code 8G}); a job whose estimate
     * is larger fails {@code input_too_large} before anything is allocated. Set it to the device's memory less the
     * loaded models'.
     */
    @WithDefault("8G")
    MemorySize jobMemoryBudget();

    /**
     * CHIMERA_CIA_PRECISION: {@code float32}, or {@code float16} to run Cross-Image Attention's networks in half
     * precision (meant for GPUs; the CPU runs it without a speed-up).
     */
    @WithDefault("float32")
    String ciaPrecision();

    /**
     * CHIMERA_CACHE_EXPIRY_DAYS: days after which the S3 server deletes a job cache entry ({@code cache/}), by a
     * bucket lifecycle rule the worker sets when it starts.
     */
    @WithDefault("30")
    int cacheExpiryDays();

    /** CHIMERA_POD_NAME: this worker's pod, from the downward API; unset outside a cluster. */
    Optional<String> podName();

    /** CHIMERA_POD_NAMESPACE: the namespace of this worker's pod; unset outside a cluster. */
    Optional<String> podNamespace();

    /** CHIMERA_POD_DELETION_COST_BUSY: the pod's deletion cost while it runs a job; higher is deleted later. */
    @WithDefault("1000")
    int podDeletionCostBusy();

    /** CHIMERA_POD_DELETION_COST_IDLE: the pod's deletion cost while it runs nothing. */
    @WithDefault("0")
    int podDeletionCostIdle();

    /** The settings these values describe. */
    default WorkerSettings settings() {
        return new WorkerSettings(id().orElseGet(WorkerConfig::hostAndPid),
                kinds().stream().map(String::trim).map(kind -> JobKind.fromWireName(kind).orElseThrow(
                        () -> new IllegalArgumentException("CHIMERA_WORKER_KINDS names an unknown kind: " + kind)))
                        .collect(Collectors.toSet()),
                leaseTtl(), kafkaBootstrap(), group(), offsetReset(), shutdownGrace(), workPartitions(),
                otherPartitions(), replication(), keepCheckpoints(checkpointRetention()), announceEvery(),
                announcementTtl(), OutagePolicy.withPatience(outagePatience()),
                new MemoryBudget(jobMemoryBudget().asLongValue()), lockTimeout(), deliveryLimit(),
                groupHeartbeat(), CiaPrecision.fromSetting(ciaPrecision()));
    }

    private static boolean keepCheckpoints(String retention) {
        return switch (retention.trim()) {
            case "keep" -> true;
            case "delete" -> false;
            default -> throw new IllegalArgumentException(
                    "CHIMERA_CHECKPOINT_RETENTION must be keep or delete, was " + retention);
        };
    }

    private static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
