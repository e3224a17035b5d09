package dev.chimera.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's settings. Each is also read from the matching {@code CHIMERA_*} environment variable, e.g.
 * {@code chimera.max-upload-bytes} from {@code CHIMERA_MAX_UPLOAD_BYTES}.
 */
@ConfigMapping(prefix = "chimera")
public interface GatewayConfig {

    /** The bootstrap key that may create tenants and API keys; the default is for local development only. */
    @WithDefault("chimera-admin-dev")
    String adminKey();

    /** Largest accepted input image, in bytes. */
    @WithDefault("20971520")
    long maxUploadBytes();

    /** Largest accepted request body, in bytes (all images and fields together). */
    @WithDefault("67108864")
    long maxRequestBytes();

    /** Largest number of pixels an input image's header may declare. */
    @WithDefault("16777216")
    long maxImagePixels();

    /**
     * How long a presigned result, input or preview URL is valid when signed; one signature is handed out for half of
     * that, so every URL a client gets stays valid for at least half of it.
     */
    @WithDefault("PT10M")
    Duration presignedUrlTtl();

    /**
     * How long a verified API key is trusted from memory before PostgreSQL is asked again: a revoked key keeps
     * working for at most this long in each gateway process. Zero asks on every request.
     */
    @WithDefault("PT5S")
    Duration apiKeyCacheTtl();

    /**
     * How old the queue that queue positions are counted in may be: it is read once and reused this long, so a
     * position may lag by as much. Zero reads it for every request.
     */
    @WithDefault("PT1S")
    Duration queuePositionMaxAge();

    /**
     * Methods whose worker pool scales from zero (KEDA), by wire name: accepted while no worker serves them, because a
     * pool at zero replicas has no live worker yet must receive work to start one. Any other method is refused with
     * 422 method_unavailable while no live worker announces it. Checked against the contract at start.
     */
    Optional<List<String>> scaleFromZeroMethods();

    /**
     * How old the copy of the methods live workers serve may be: it is read once and reused this long, so a worker
     * that just started (or stopped) is seen that much later. Zero reads it for every request.
     */
    @WithDefault("PT2S")
    Duration methodAvailabilityMaxAge();

    /**
     * Submissions a second each tenant may make on average, per gateway replica; beyond it a submit is refused with
     * 429 and Retry-After. Zero (the local default) sets no limit; the chart sets one.
     */
    @WithDefault("0")
    double submitRatePerTenant();

    /** Submissions a tenant may make at once before its rate applies. */
    @WithDefault("100")
    int submitBurstPerTenant();

    /** Kafka settings. */
    Kafka kafka();

    /** Outbox relay settings. */
    Outbox outbox();

    /** Where Kafka is and how the gateway creates its topics. */
    interface Kafka {

        /** Bootstrap servers, host:port[,host:port]. */
        @WithDefault("127.0.0.1:19092")
        String bootstrap();

        /** Partitions of each work topic, chimera.work.kind. */
        @WithDefault("6")
        int workPartitions();

        /** Partitions of every other topic. */
        @WithDefault("3")
        int partitions();

        /** Replication factor of the topics the gateway creates. */
        @WithDefault("1")
        short replication();
    }

    /** How the outbox relay runs. */
    interface Outbox {

        /** The relay's fallback polling period when no commit wakes it. */
        @WithDefault("PT0.2S")
        Duration pollInterval();

        /**
         * Least time between the starts of two relay batches that are not full: an idle relay still answers a
         * commit at once, while under load the rows of each spacing share one transaction and one produce request.
         */
        @WithDefault("PT0.025S")
        Duration batchSpacing();

        /** Most records published per relay transaction. */
        @WithDefault("200")
        int batchSize();
    }
}
