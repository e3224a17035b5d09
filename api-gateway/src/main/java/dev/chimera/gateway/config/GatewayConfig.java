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

    /** Longest request URI (path and query), in bytes: longer is a 414. */
    @WithDefault("8192")
    long maxUriBytes();

    /** Largest header block, in bytes (names, values and separators): larger is a 431. */
    @WithDefault("16384")
    long maxHeaderBytes();

    /** Largest body of every request other than a job submission (they are JSON), in bytes. */
    @WithDefault("65536")
    long maxJsonBodyBytes();

    /** Largest text field of a submission ({@code kind}, {@code method}, {@code params}), in bytes. */
    @WithDefault("262144")
    long maxTextFieldBytes();

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
     * How old the class counts of the registered synthesis models, against which label maps are checked at submit,
     * may be: a newly registered version is seen that much later. Zero reads the manifests for every submit.
     */
    @WithDefault("PT30S")
    Duration modelClassesMaxAge();

    /** How job submissions, the requests that carry images, may use the gateway. */
    Uploads uploads();

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

    /**
     * Limits on submissions, whose bodies are read on the event loop into memory bounded by the upload limits: at
     * most {@code max-concurrent × max-request-bytes} of bodies are held at once. A submission over a cap is refused
     * before its body is read (503 for the gateway's cap, 429 for the tenant's, both with Retry-After); one that is
     * too slow or too long is answered 408 and its connection closed.
     */
    interface Uploads {

        /** Submissions a gateway reads or processes at once. */
        @WithDefault("16")
        int maxConcurrent();

        /** Submissions one tenant may have in flight at once on a gateway. */
        @WithDefault("4")
        int maxConcurrentPerTenant();

        /** Longest time from a submission's arrival to the end of its body. */
        @WithDefault("PT120S")
        Duration deadline();

        /** Least average speed of a body over each {@link #rateWindow()}, in bytes per second. */
        @WithDefault("4096")
        long minBytesPerSecond();

        /** The period over which {@link #minBytesPerSecond()} is measured; the first one starts at arrival. */
        @WithDefault("PT10S")
        Duration rateWindow();

        /** The Retry-After, in seconds, of a submission refused for a cap. */
        @WithDefault("5")
        int retryAfterSeconds();
    }

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
